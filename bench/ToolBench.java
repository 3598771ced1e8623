import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tool benchmark client (java.net.http only): per-call latency of each built-in tool through the
 * gateway, the same Cortex calls made directly to the simulator, and how fast a cancel stops a
 * running sql_exec (until the warehouse connection is back, read from detailed health).
 *
 * <pre>
 * java bench/ToolBench.java BASE_URL TOKEN CALLS CONCURRENCY WARMUP SIMULATOR_URL
 * </pre>
 * SIMULATOR_URL is the simulator's own listener (never the gateway's port).
 * Prints one RESULT line per measurement (p50/p90/p99/max in ms). Bounded in time.
 */
public final class ToolBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String SESSION = UUID.randomUUID().toString();
    static final AtomicInteger REJECTED = new AtomicInteger();
    /** X-Gateway-Overhead-Ms of the answers since the last print: the gateway's own share of each call. */
    static final List<Double> OVERHEAD = Collections.synchronizedList(new ArrayList<>());

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int calls = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        String simulator = args[5];
        String[][] cases = {
                {"gateway cortex_search", base + "/api/v1/tools/cortex_search", "{\"query\":\"refund policy\",\"topK\":5}", "Bearer " + token},
                {"direct search :query", simulator + "/api/v2/databases/SAMPLE_DB/schemas/DOCS/cortex-search-services/SUPPORT_SEARCH:query",
                        "{\"query\":\"refund policy\",\"columns\":[\"title\",\"chunk\",\"url\"],\"limit\":5}", "Bearer local-simulator-token"},
                {"gateway cortex_analyst_text_to_sql", base + "/api/v1/tools/cortex_analyst_text_to_sql",
                        "{\"question\":\"What was the revenue by quarter in 2024?\"}", "Bearer " + token},
                {"direct analyst message", simulator + "/api/v2/cortex/analyst/message",
                        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What was the revenue by quarter in 2024?\"}]}],"
                                + "\"semantic_model_file\":\"@SAMPLE_DB.FINANCE.MODELS/finance.yaml\",\"stream\":false}", "Bearer local-simulator-token"},
                {"gateway sql_exec (group by, 4 rows)", base + "/api/v1/tools/sql_exec",
                        "{\"sql\":\"SELECT region, SUM(amount) AS revenue FROM orders GROUP BY region\",\"sessionId\":\"" + SESSION + "\"}", "Bearer " + token},
                {"gateway sql_exec (500 rows)", base + "/api/v1/tools/sql_exec",
                        "{\"sql\":\"SELECT * FROM orders a, customers b\",\"sessionId\":\"" + SESSION + "\",\"limit\":500}", "Bearer " + token},
                {"gateway data_to_chart (bar, 4 rows)", base + "/api/v1/tools/data_to_chart",
                        "{\"chartType\":\"bar\",\"data\":{\"rows\":[{\"r\":\"NA\",\"v\":1},{\"r\":\"EMEA\",\"v\":2},{\"r\":\"APAC\",\"v\":3},{\"r\":\"LATAM\",\"v\":4}]}}", "Bearer " + token},
                {"gateway sql_exec refused (stacked)", base + "/api/v1/tools/sql_exec",
                        "{\"sql\":\"SELECT 1; DROP TABLE orders\",\"sessionId\":\"" + SESSION + "\"}", "Bearer " + token},
        };
        for (String[] c : cases) {
            for (int i = 0; i < warmup; i++) {
                call(c[1], c[2], c[3]);
            }
            REJECTED.set(0);
            OVERHEAD.clear();
            print(c[0] + " c=1", run(c, calls, 1));
            print(c[0] + " c=" + concurrency, run(c, calls, concurrency));
        }
        cancelLatency(base, token);
    }

    static List<Double> run(String[] c, int calls, int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<Double>> futures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            futures.add(pool.submit(() -> call(c[1], c[2], c[3])));
        }
        List<Double> millis = new ArrayList<>();
        for (Future<Double> f : futures) {
            double ms = f.get();
            if (ms >= 0) {
                millis.add(ms);
            }
        }
        pool.shutdown();
        return millis;
    }

    static double call(String url, String body, String authorization) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - start) / 1e6;
        response.headers().firstValue("X-Gateway-Overhead-Ms").ifPresent(v -> OVERHEAD.add(Double.parseDouble(v)));
        if (response.statusCode() == 429) {
            // the pipeline's throttle refused: counted apart, not a latency sample
            REJECTED.incrementAndGet();
            return -1;
        }
        if (response.statusCode() != 200 && response.statusCode() != 400) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + " " + response.body());
        }
        return ms;
    }

    /** Async long sql_exec, cancel, then poll detailed health until the warehouse connection is free. */
    static void cancelLatency(String base, String token) throws Exception {
        List<Double> millis = new ArrayList<>();
        Pattern active = Pattern.compile("\"activeConnections\":(\\d+)");
        for (int round = 0; round < 10; round++) {
            String body = "{\"arguments\":{\"sql\":\"SELECT COUNT(*) FROM orders a, orders b, orders c, orders d, orders e\",\"sessionId\":\""
                    + SESSION + "\"},\"execution_options\":{\"async\":true,\"timeout_seconds\":120}}";
            String accepted = send("POST", base + "/api/v1/tools/sql_exec/execute", body, token);
            Matcher id = Pattern.compile("\"jobId\":\"([^\"]+)\"").matcher(accepted);
            id.find();
            Thread.sleep(500);
            Matcher m = active.matcher(send("GET", base + "/api/v1/health?detailed=true", null, token));
            if (!m.find() || Integer.parseInt(m.group(1)) < 1) {
                throw new IllegalStateException("the long statement is not running");
            }
            long start = System.nanoTime();
            send("POST", base + "/api/v1/jobs/" + id.group(1) + "/cancel", "", token);
            while (true) {
                m = active.matcher(send("GET", base + "/api/v1/health?detailed=true", null, token));
                if (m.find() && Integer.parseInt(m.group(1)) == 0) {
                    break;
                }
                if (System.nanoTime() - start > 10_000_000_000L) {
                    throw new IllegalStateException("cancel did not stop the statement in 10 s");
                }
            }
            millis.add((System.nanoTime() - start) / 1e6);
        }
        print("cancel -> statement stopped (incl. health polls)", millis);
    }

    static String send(String method, String url, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        b = body == null ? b.GET() : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static void print(String label, List<Double> millis) {
        int rejected = REJECTED.getAndSet(0);
        if (millis.isEmpty()) {
            System.out.printf(Locale.ROOT, "RESULT %-45s n=0 rejected_429=%d%n", label, rejected);
            return;
        }
        Collections.sort(millis);
        System.out.printf(Locale.ROOT, "RESULT %-45s n=%d p50=%.1f p90=%.1f p99=%.1f max=%.1f rejected_429=%d%n", label,
                millis.size(), pct(millis, 50), pct(millis, 90), pct(millis, 99), millis.get(millis.size() - 1), rejected);
        List<Double> overhead;
        synchronized (OVERHEAD) {
            overhead = new ArrayList<>(OVERHEAD);
            OVERHEAD.clear();
        }
        if (!overhead.isEmpty()) {
            Collections.sort(overhead);
            System.out.printf(Locale.ROOT, "RESULT %-45s n=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f%n", "  X-Gateway-Overhead-Ms",
                    overhead.size(), pct(overhead, 50), pct(overhead, 90), pct(overhead, 99), overhead.get(overhead.size() - 1));
        }
    }

    static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
