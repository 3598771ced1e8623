package dev.cortexgateway.upstream;

import dev.cortexgateway.tracing.UpstreamTracing;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The guards the routes' camel-http endpoints name ({@code httpClientConfigurer=#<bean>}), one per upstream. */
@Configuration(proxyBeanMethods = false)
class GuardedHttpCallBeans {

    /** Search and Analyst answers are a few KiB; this only keeps a broken upstream from filling the heap. */
    static final int CORTEX_MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    /** The Cortex REST calls of routes/tools/cortex-call.yaml. */
    @Bean
    GuardedHttpCalls cortexCalls(UpstreamTracing tracing) {
        // Snowflake paths name services and semantic views, never a caller's text: recorded in spans
        return new GuardedHttpCalls(tracing, "cortex", true, CORTEX_MAX_ANSWER_BYTES);
    }
}
