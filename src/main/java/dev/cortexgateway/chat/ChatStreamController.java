package dev.cortexgateway.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.error.ErrorEnvelope;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.limits.RateLimits;
import dev.cortexgateway.route.BridgedRequests;
import dev.cortexgateway.route.RequestContext;
import dev.cortexgateway.sse.SseStream;
import dev.cortexgateway.sse.SseStreams;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The SSE bridge, the one place Java calls into routes (docs/decisions/0005-chat-streaming.md): the chat pipeline is the YAML
 * route {@code direct:chat} (validate, authenticate, claim the session, dispatch); this controller
 * only hands it the request and, when the pipeline attached a run, serves the run's events as an
 * SSE stream on an async servlet response that holds no thread while idle. A pipeline failure
 * comes back as the route's error envelope and is answered as plain HTTP.
 */
@RestController
final class ChatStreamController {

    private static final Logger LOG = LoggerFactory.getLogger(ChatStreamController.class);

    private final ProducerTemplate routes;
    private final SseStreams streams;
    private final ChatRuns runs;
    private final ObjectMapper json;

    ChatStreamController(ProducerTemplate routes, SseStreams streams, ChatRuns runs, ObjectMapper json) {
        this.routes = routes;
        this.streams = streams;
        this.runs = runs;
        this.json = json;
    }

    private String envelope(GatewayException failure, String traceId) {
        try {
            return json.writeValueAsString(ErrorEnvelope.of(failure, traceId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an envelope always serializes", e);
        }
    }

    @PostMapping(path = "/api/v1/chat", consumes = MediaType.APPLICATION_JSON_VALUE)
    Object chat(HttpServletRequest request, HttpServletResponse response, @RequestBody(required = false) byte[] body) {
        return answer(run("direct:chat", request, body), response);
    }

    @GetMapping("/api/v1/chat/streams/{streamId}")
    Object resume(HttpServletRequest request, HttpServletResponse response, @PathVariable String streamId) {
        return answer(run("direct:chat-resume", request, null, streamId), response);
    }

    private Exchange run(String endpoint, HttpServletRequest request, byte[] body) {
        return run(endpoint, request, body, null);
    }

    private Exchange run(String endpoint, HttpServletRequest request, byte[] body, String streamId) {
        return routes.send(endpoint, ExchangePattern.InOut, exchange -> {
            var in = exchange.getIn();
            BridgedRequests.copy(request, in);
            if (streamId != null) {
                in.setHeader("streamId", streamId);
            }
            in.setBody(body);
        });
    }

    private Object answer(Exchange exchange, HttpServletResponse response) {
        if (exchange.getException() != null) {
            GatewayException unanswered = BridgedRequests.unanswered(exchange.getException());
            LOG.warn("chat route {} left unanswered: {}", exchange.getFromRouteId(), exchange.getException().getClass().getName());
            return BridgedRequests.unansweredStatus(unanswered).body(envelope(unanswered, RequestContext.traceId(exchange)));
        }
        // the limit step's headers belong on the stream and on an error alike
        RateLimits.headers(exchange).forEach(response::setHeader);
        ChatAttachment attachment = exchange.getProperty(ExchangeKeys.CHAT_ATTACHMENT, ChatAttachment.class);
        if (attachment == null) {
            Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 500, Integer.class);
            ResponseEntity.BodyBuilder error = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
            for (String header : new String[] {"WWW-Authenticate", "Retry-After"}) {
                String value = exchange.getMessage().getHeader(header, String.class);
                if (value != null) {
                    error.header(header, value);
                }
            }
            return error.body(exchange.getMessage().getBody(String.class));
        }
        response.setHeader("X-Stream-Id", attachment.streamId());
        response.setHeader("Cache-Control", "no-cache");
        // nginx and similar proxies buffer responses unless told not to
        response.setHeader("X-Accel-Buffering", "no");
        // the stream id lets the shutdown drain tell this client where to resume
        SseStream stream = streams.open(attachment.streamId());
        runs.serve(attachment, stream);
        return stream.emitter();
    }
}
