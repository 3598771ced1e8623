package dev.cortexgateway.route;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The platform-http routes run on the servlet container's thread that received the request.
 *
 * <p>Camel's Spring Boot engine hands every request to Spring's task executor
 * ({@code CompletableFuture.runAsync}) and answers it through an asynchronous servlet dispatch: two
 * thread hand-offs and a second pass through Spring MVC's dispatcher per request, a fifth of a
 * request's CPU in the profile (docs/performance.md). This engine replaces Camel's (the auto-
 * configuration yields to a {@code PlatformHttpEngine} bean) with the same consumer, whose
 * {@code service} runs the route on the calling thread and returns no future, so Spring MVC treats
 * the request as handled. SSE streams are unaffected: they are {@code SseEmitter}s of their own
 * controllers. docs/decisions/0037-routes-on-servlet-threads.md.
 */
@Configuration(proxyBeanMethods = false)
class RoutesOnServletThreads {

    @Bean(name = "platform-http-engine")
    PlatformHttpEngine platformHttpEngine(Environment env) {
        int port = Integer.parseInt(env.getProperty("server.port", "8080"));
        return new SpringBootPlatformHttpEngine(port) {
            @Override
            public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
                return new ServletThreadConsumer(endpoint, processor);
            }
        };
    }

    /** Camel's consumer, serving on the calling thread. */
    static final class ServletThreadConsumer extends SpringBootPlatformHttpConsumer {

        private static final Logger LOG = LoggerFactory.getLogger(ServletThreadConsumer.class);

        ServletThreadConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            // the executor is never used: a direct one, so no thread is ever made for it
            super(endpoint, processor, Runnable::run);
        }

        /** Runs the route here; a null future tells Spring MVC the response is already written. */
        @Override
        public CompletableFuture<Void> service(HttpServletRequest request, HttpServletResponse response) {
            try {
                handleService(request, response);
            } catch (Exception e) {
                // as Camel's own consumer: nothing of the failure reaches the client (the error
                // mapping answered already unless writing the answer itself failed)
                LOG.warn("the route failed outside its error handling: {}", e.getClass().getName());
                try {
                    if (!response.isCommitted()) {
                        response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                    }
                } catch (Exception ignored) {
                    // the client is gone
                }
            }
            return null;
        }
    }
}
