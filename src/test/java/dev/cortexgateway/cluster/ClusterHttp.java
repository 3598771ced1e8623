package dev.cortexgateway.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The raw HTTP calls the cluster tests need beside {@link dev.cortexgateway.testing.GatewayClient}: headers and scrapes. */
final class ClusterHttp {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SAMPLE = Pattern.compile("(?m)^gateway_store_unavailable_total\\{([^}]*)\\} ([0-9.eE+-]+)$");

    private ClusterHttp() {
    }

    /** {@code POST /api/v1/session/token} for the public demo client with {@code nonce}. */
    static HttpResponse<String> sessionToken(int port, String nonce) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/session/token"))
                .header("Content-Type", "application/json").header("X-Client-Version", "1.4.2")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"clientId\":\"demo-web\",\"nonce\":\"" + nonce + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code gateway_store_unavailable_total{store, decision}} on the instance's Prometheus scrape (0 when absent). */
    static double unavailable(int port, String store, String decision) throws Exception {
        String scrape = get(port, "/actuator/prometheus").body();
        double total = 0;
        Matcher sample = SAMPLE.matcher(scrape);
        while (sample.find()) {
            String labels = sample.group(1);
            if (labels.contains("store=\"" + store + "\"") && labels.contains("decision=\"" + decision + "\"")) {
                total += Double.parseDouble(sample.group(2));
            }
        }
        return total;
    }
}
