package dev.cortexgateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.ErrorEnvelope;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * CORS on every handler mapping (Spring MVC's, Camel's platform-http, actuator's, the WebSocket
 * endpoint's): the decision comes from the client registry ({@link RegistryCors}), and a request
 * Spring refuses (a preflight from an origin no client lists, or an actual request from one)
 * answers 403 CORS_REJECTED in the envelope instead of Spring's plain-text "Invalid CORS request".
 */
@Component
final class CorsRejections implements BeanPostProcessor {

    private static final EnvelopeCorsProcessor PROCESSOR = new EnvelopeCorsProcessor();

    private final CorsConfigurationSource registry;

    // looked up per request: a post-processor must not pull the application's beans in early
    CorsRejections(ObjectProvider<RegistryCors> registry) {
        this.registry = request -> registry.getObject().getCorsConfiguration(request);
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractHandlerMapping mapping) {
            mapping.setCorsProcessor(PROCESSOR);
            mapping.setCorsConfigurationSource(registry);
        }
        return bean;
    }

    static final class EnvelopeCorsProcessor extends DefaultCorsProcessor {

        // a plain mapper: a post-processor must not pull the application's beans in early
        private static final ObjectMapper JSON = new ObjectMapper();

        /** An allowed preflight answers 204: it has no body (a refusal below overrides the status). */
        @Override
        protected boolean handleInternal(ServerHttpRequest request, ServerHttpResponse response, CorsConfiguration config,
                                         boolean preFlightRequest) throws IOException {
            if (preFlightRequest) {
                response.setStatusCode(HttpStatus.NO_CONTENT);
            }
            return super.handleInternal(request, response, config, preFlightRequest);
        }

        @Override
        protected void rejectRequest(ServerHttpResponse response) throws IOException {
            if (!(response instanceof ServletServerHttpResponse servlet)) {
                super.rejectRequest(response);
                return;
            }
            HttpServletResponse raw = servlet.getServletResponse();
            // the access log filter set it on the response before any handler mapping ran
            String traceId = raw.getHeader(TraceIds.HEADER);
            if (traceId == null) {
                traceId = TraceIds.generate();
                raw.setHeader(TraceIds.HEADER, traceId);
            }
            ErrorEnvelope envelope = ErrorEnvelope.of(ErrorCode.CORS_REJECTED.name(), false,
                    "This cross-origin request is not allowed", "Call from an origin listed in a client's allowed-origins",
                    Map.of(), traceId);
            raw.setStatus(HttpStatus.FORBIDDEN.value());
            raw.setContentType(MediaType.APPLICATION_JSON_VALUE);
            raw.setCharacterEncoding(StandardCharsets.UTF_8.name());
            raw.getOutputStream().write(JSON.writeValueAsBytes(envelope));
            raw.flushBuffer();
        }
    }
}
