package dev.cortexgateway.cortex;

import static dev.cortexgateway.config.CortexProperties.present;

import dev.cortexgateway.config.CortexProperties;
import dev.cortexgateway.tracing.UpstreamTracing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Map;

/**
 * What every call to Snowflake shares: one HTTP client (one connection pool per upstream), the
 * endpoints, and the headers that say who the gateway is (credentials, role, warehouse). Owned by
 * {@link CortexAgentClient} and lent to {@link CortexIdentity}; not a bean of its own, and it holds
 * no {@code Executor} (see {@link CortexAgentClient} on why).
 */
final class CortexUpstream {

    private final HttpClient http;
    private final CortexEndpoints endpoints;
    private final CortexCredentials credentials;
    private final String role;
    private final String warehouse;
    private final long connectTimeoutMillis;

    CortexUpstream(CortexProperties properties, Clock clock, UpstreamTracing tracing) {
        this.endpoints = new CortexEndpoints(properties.baseUrl());
        this.credentials = new CortexCredentials(properties.auth(), clock);
        this.role = present(properties.role()) ? properties.role().trim() : null;
        this.warehouse = present(properties.warehouse()) ? properties.warehouse().trim() : null;
        this.connectTimeoutMillis = properties.connectTimeout().toMillis();
        // every call a client span, with the W3C traceparent sent to Snowflake
        this.http = tracing.traced(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(), "cortex", true);
    }

    HttpClient http() {
        return http;
    }

    CortexEndpoints endpoints() {
        return endpoints;
    }

    CortexCredentials credentials() {
        return credentials;
    }

    String role() {
        return role;
    }

    String warehouse() {
        return warehouse;
    }

    long connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    /** A JSON POST to {@code uri} with the gateway's identity; the caller adds a timeout if it wants one. */
    HttpRequest.Builder post(URI uri, byte[] body, String accept) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .header("User-Agent", "cortex-gateway");
        for (Map.Entry<String, String> header : credentials.headers().entrySet()) {
            builder.header(header.getKey(), header.getValue());
        }
        if (role != null) {
            builder.header("X-Snowflake-Role", role);
        }
        if (warehouse != null) {
            builder.header("X-Snowflake-Warehouse", warehouse);
        }
        return builder;
    }
}
