package dev.cortexgateway.tracing;

import dev.cortexgateway.config.InvalidSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Distributed traces (docs/observability.md). Off until an exporter is named: then every request,
 * every route and every upstream call is a span, sent to an OpenTelemetry collector over OTLP.
 *
 * @param otlp where spans are sent
 */
@ConfigurationProperties("gateway.tracing")
public record TracingProperties(@DefaultValue Otlp otlp) {

    /**
     * The OTLP exporter.
     *
     * @param endpoint the collector's OTLP/HTTP traces URL, e.g. {@code http://localhost:4318/v1/traces}
     *                 (Jaeger and Grafana Tempo take it as well); empty, the default, keeps tracing off. A
     *                 client's W3C {@code traceparent} is passed on to Cortex either way
     */
    public record Otlp(@DefaultValue("") String endpoint) {

        private static final String SETTING = "gateway.tracing.otlp.endpoint";

        public boolean on() {
            return endpoint != null && !endpoint.isBlank();
        }

        /** The endpoint checked: an absolute http(s) URL, or start-up stops naming this setting. */
        public URI uri() {
            String hint = "Write the collector's OTLP/HTTP traces URL, e.g. http://localhost:4318/v1/traces, or leave it empty";
            URI uri;
            try {
                uri = new URI(endpoint.trim());
            } catch (URISyntaxException e) {
                throw new InvalidSettingException(SETTING, "'" + endpoint + "' is not a URL", hint);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new InvalidSettingException(SETTING, "'" + endpoint + "' is not an http(s) URL", hint);
            }
            return uri;
        }
    }
}
