package dev.cortexgateway.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.apache.camel.CamelContext;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;

/**
 * The gateway's tracing (docs/decisions/0036-distributed-tracing.md): one OpenTelemetry, off unless
 * {@code gateway.tracing.otlp.endpoint} is set; the server span of each request (web/AccessLogFilter),
 * a client span per upstream call, and Camel's route spans continuing them.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    /** Replaces Spring Boot's own OpenTelemetry SDK bean, which would run with nothing to export. */
    @Bean
    OpenTelemetry gatewayOpenTelemetry(TracingProperties properties, ObjectProvider<SpanProcessor> processors,
                                       ObjectProvider<Resource> resource) {
        // Spring Boot's resource names the service after spring.application.name and takes
        // management.opentelemetry.resource-attributes
        Resource described = resource.getIfAvailable(() -> Resource.getDefault()
                .merge(Resource.create(Attributes.builder().put("service.name", "cortex-gateway").build())));
        return GatewayTelemetry.create(properties.otlp(), processors.orderedStream().toList(), described);
    }

    /** The tracer of Camel's spans; Camel looks it up by type, so it is the only {@link Tracer} bean. */
    @Bean
    Tracer camelSpanTracer(OpenTelemetry telemetry) {
        return telemetry.getTracer("camel");
    }

    /** The propagation Camel uses: see {@link CurrentFirstPropagator}. */
    @Bean
    ContextPropagators camelContextPropagators() {
        return ContextPropagators.create(new CurrentFirstPropagator(W3CTraceContextPropagator.getInstance()));
    }

    @Bean
    CamelTracing camelTracing(CamelContext camel, OpenTelemetry telemetry, Tracer camelSpanTracer,
                              ContextPropagators camelContextPropagators) {
        return new CamelTracing(camel, GatewayTelemetry.recording(telemetry), camelSpanTracer, camelContextPropagators);
    }

    @Bean
    ServerSpans serverSpans(OpenTelemetry telemetry) {
        return new ServerSpans(telemetry);
    }

    @Bean
    UpstreamTracing upstreamTracing(OpenTelemetry telemetry) {
        return new UpstreamTracing(telemetry);
    }

    /**
     * Carries the request's trace, and its trace id for log lines, onto Spring's task executor for
     * work handed to it (Spring Boot applies a single TaskDecorator bean to that executor). The routes
     * themselves run on the request's own thread (route/RoutesOnServletThreads).
     */
    @Bean
    TaskDecorator traceCarryingTaskDecorator() {
        return task -> {
            Runnable traced = Context.current().wrap(task);
            // the key web/AccessLogFilter binds on the request's thread
            String traceId = MDC.get("traceId");
            if (traceId == null) {
                return traced;
            }
            return () -> {
                MDC.put("traceId", traceId);
                try {
                    traced.run();
                } finally {
                    MDC.remove("traceId");
                }
            };
        };
    }
}
