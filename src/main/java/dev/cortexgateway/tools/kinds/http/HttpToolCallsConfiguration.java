package dev.cortexgateway.tools.kinds.http;

import dev.cortexgateway.tools.ToolProperties;
import dev.cortexgateway.tracing.UpstreamTracing;
import dev.cortexgateway.upstream.GuardedHttpCalls;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The guard of the http tools' calls ({@code httpClientConfigurer=#httpToolCalls} in routes/tools/http.yaml). */
@Configuration(proxyBeanMethods = false)
class HttpToolCallsConfiguration {

    @Bean
    GuardedHttpCalls httpToolCalls(UpstreamTracing tracing, ToolProperties properties) {
        // a tool's path may carry the caller's arguments: not recorded in spans
        return new GuardedHttpCalls(tracing, "http-tool", false, properties.http().maxResponseBytes());
    }
}
