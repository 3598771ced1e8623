import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

/**
 * Sequential cache hits of POST /api/v1/query (bench/cache.sh). One miss fills the entry; then
 * warm-up hits; then measured hits. Client time: request sent to body read. Gateway time: the
 * X-Gateway-Overhead-Ms header (arrival at the first servlet filter to the answer being ready; a hit
 * waits on no upstream, so it is the whole gateway time). Every measured answer must say "hit".
 */
public final class CacheBench {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int hits = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String body = "{\"query\":\"What is the refund policy for annual plans? " + UUID.randomUUID() + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/query"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> miss = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (miss.statusCode() != 200 || !miss.body().contains("\"cache_status\":\"miss\"")) {
            throw new IllegalStateException("the first query was not a miss: " + miss.statusCode() + " " + miss.body());
        }
        for (int i = 0; i < warmup; i++) {
            http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        double[] client = new double[hits];
        double[] gateway = new double[hits];
        for (int i = 0; i < hits; i++) {
            long started = System.nanoTime();
            HttpResponse<String> hit = http.send(request, HttpResponse.BodyHandlers.ofString());
            client[i] = (System.nanoTime() - started) / 1e6;
            if (hit.statusCode() != 200 || !hit.body().contains("\"cache_status\":\"hit\"")) {
                throw new IllegalStateException("not a hit: " + hit.statusCode() + " " + hit.body());
            }
            gateway[i] = Double.parseDouble(hit.headers().firstValue("X-Gateway-Overhead-Ms").orElseThrow());
        }
        print("client-observed", client);
        print("gateway (X-Gateway-Overhead-Ms)", gateway);
    }

    private static void print(String what, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("%s over %d hits: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms%n", what, sorted.length,
                pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
