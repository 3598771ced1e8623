package dev.cortexgateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.HealthExpectations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Bad input derived from the OpenAPI document (issue #9): for every operation, thousands of requests
 * with mutated bodies (see {@link BodyMutations}), odd path and query parameters, broken or missing
 * credentials and wrong methods, over real HTTP, and every operation with junk bodies in every media
 * type that comes to mind (forms, multipart, text, XML, charset variants, none). Whatever is sent: no 5xx, every non-2xx is the error
 * envelope with a trace id, no stack trace or secret in any answer, and the gateway is healthy after.
 * Seeded, so a failure replays the same requests.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class ContractFuzzTest {

    /** The message of Tomcat's own 400 (web/EnvelopeErrorReportValve), answered in the envelope on every path. */
    private static final String UNREADABLE_REQUEST = "The request could not be read";
    private static final int REQUESTS = 10_500;
    private static final long SEED = 20261202L;
    private static final AtomicInteger RESENT = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    private static final String[] ODD_SEGMENTS = {"x", "..%2F..%2Fetc%2Fpasswd", "%00", "%E2%98%83", "'%20OR%201%3D1",
        "a".repeat(3000), "00000000-0000-0000-0000-000000000000", "%25", "NaN", "-1"};
    private static final String[] ODD_QUERIES = {"limit=-1", "limit=abc", "limit=100000", "cursor=%25%25%25", "cursor=x",
        "detailed=maybe", "detailed=true", "access_token=abc", "a=" + "q".repeat(2000), "limit=1&limit=2"};
    private static final String[] TOOLS = {"cortex_search", "cortex_analyst_text_to_sql", "sql_exec", "data_to_chart"};
    /**
     * Every operation gets a junk body in each of these (null: no Content-Type at all): forms and
     * multipart are what the container and Camel parse themselves, before any route's error handling.
     */
    private static final String[] MEDIA_TYPES = {"application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=UTF-8", "APPLICATION/X-WWW-FORM-URLENCODED", "multipart/form-data",
        "multipart/form-data; boundary=x", "multipart/mixed; boundary=x", "text/plain", "text/plain; charset=UTF-16",
        "application/xml", "text/xml", "application/octet-stream", "application/json; charset=latin1",
        "application/json;charset=UTF-16", "application/json; charset=\"utf-8\"", "application/json; charset=nonsense",
        "application/json;;", "application/merge-patch+json", "*/*", "garbage", "", null};
    /** Junk bodies for the media type sweep: not pairs, broken percent-encoding, JSON, markup, a broken part, bytes. */
    private static final String[] JUNK = {"{\"a\":1,\"client_secret\":\"x\"}", "a=1&&b", "=%zz&%", "<a>x</a>",
        "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n", "a=1&b=2", "\u0000\u00ff", ""};
    /** Strings that must never reach a client: stack frames, exception names, the test profile's secrets. */
    private static final String[] LEAKS = {"\tat ", ".java:", "Exception:", "demo-admin-test-secret",
        "test-secret-0123456789abcdef", "local-simulator-token"};

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void noBadInputGetsA5xxOrAnythingButTheEnvelope() throws Exception {
        String admin = token("demo-admin", "demo-admin-test-secret");
        ContractOperations contract = ContractOperations.load();
        List<ContractOperations.Operation> operations = contract.all();
        assertThat(operations).hasSizeGreaterThan(20);

        Random random = new Random(SEED);
        SchemaSamples samples = new SchemaSamples(contract, random);
        BodyMutations mutations = new BodyMutations(random);
        List<Probe> probes = new ArrayList<>();
        int perOperation = REQUESTS / operations.size() + 1;
        for (ContractOperations.Operation operation : operations) {
            for (int i = 0; i < perOperation; i++) {
                probes.add(probe(operation, i, random, samples, mutations, admin));
            }
        }
        int sweep = 0;
        for (ContractOperations.Operation operation : operations) {
            String path = operation.path().replace("{toolName}", TOOLS[sweep % TOOLS.length]).replaceAll("\\{[^}]+}", "fuzz-x");
            for (String mediaType : MEDIA_TYPES) {
                byte[] junk = JUNK[sweep++ % JUNK.length].getBytes(StandardCharsets.UTF_8);
                probes.add(new Probe(operation.method(), path, new BodyMutations.Body("junk for the media type", junk, mediaType),
                        Map.of("Authorization", "Bearer " + admin, "X-Client-Version", "1.4.2"), operation.id() + " media type sweep"));
            }
        }
        Collections.shuffle(probes, random);

        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sent = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (Probe probe : probes) {
            running.add(pool.submit(() -> {
                String problem = check(probe);
                sent.incrementAndGet();
                if (problem != null && failures.size() < 30) {
                    failures.add(problem);
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();

        assertThat(sent.get()).isGreaterThanOrEqualTo(10_000);
        // a handful of keep-alive races is the transport's; many would be the gateway dropping connections
        assertThat(RESENT.get()).as("requests resent after a broken connection").isLessThan(sent.get() / 100);
        assertThat(failures).as("requests answered wrongly").isEmpty();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/health?detailed=true"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        // after the fuzz: nothing critical down, and degraded only for what may degrade
        HealthExpectations.assertStatusFollowsTheComponents(JSON.readTree(health.body()));
        HttpResponse<String> tools = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/tools"))
                .header("Authorization", "Bearer " + admin).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tools.statusCode()).isEqualTo(200);
    }

    private Probe probe(ContractOperations.Operation operation, int i, Random random, SchemaSamples samples,
                        BodyMutations mutations, String admin) throws Exception {
        String toolName = TOOLS[random.nextInt(TOOLS.length)];
        String path = path(operation.path(), toolName, random);
        if (random.nextInt(4) == 0) {
            path += "?" + ODD_QUERIES[random.nextInt(ODD_QUERIES.length)];
        } else if (operation.path().startsWith("/api/v1/health") && random.nextBoolean()) {
            path += "?detailed=true";
        }
        String method = random.nextInt(20) == 0 ? new String[] {"PUT", "PATCH", "DELETE", "POST", "GET"}[random.nextInt(5)]
                : operation.method();
        BodyMutations.Body body = null;
        if (operation.takesBody() || random.nextInt(10) == 0) {
            JsonNode base = seed(operation, toolName);
            if (base == null && operation.bodySchema() != null) {
                base = samples.sample(operation.bodySchema());
            }
            body = mutations.mutate(base, i % BodyMutations.KINDS);
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        int auth = random.nextInt(20);
        if (auth < 16) {
            headers.put("Authorization", "Bearer " + admin);
        } else if (auth == 16) {
            headers.put("Authorization", "Bearer " + "e30." + "x".repeat(random.nextInt(10_000)) + ".sig");
        } else if (auth == 17) {
            headers.put("Authorization", "Basic ZGVtby1hZG1pbjpub3BlOg==");
        } else if (auth == 18) {
            headers.put("Authorization", "Bearer");
        }
        headers.put("X-Client-Version", random.nextInt(5) == 0 ? new String[] {"", "v", "999999999999.1", "1.0.0-x!", "1..2"}[random.nextInt(5)] : "1.4.2");
        if (random.nextInt(10) == 0) {
            headers.put("Last-Event-ID", new String[] {"x", "abc:1", UUID.randomUUID() + ":99999", ":", "1"}[random.nextInt(5)]);
        }
        if (random.nextInt(10) == 0) {
            headers.put("traceparent", new String[] {"00-zz-00-01", "garbage", "00-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01"}[random.nextInt(3)]);
        }
        if (random.nextInt(15) == 0) {
            headers.put("x-idempotency-key", "k".repeat(random.nextInt(600)));
        }
        return new Probe(method, path, body, headers, operation.id() + " #" + i);
    }

    /** Plausible bodies where the schema alone is too loose to reach the pipeline's interesting parts. */
    private static JsonNode seed(ContractOperations.Operation operation, String toolName) throws Exception {
        String session = UUID.randomUUID().toString();
        String arguments = switch (toolName) {
            case "cortex_search" -> "{\"query\":\"travel policy\",\"topK\":3}";
            case "cortex_analyst_text_to_sql" -> "{\"question\":\"What was the revenue by quarter in 2024?\"}";
            case "sql_exec" -> "{\"sql\":\"SELECT region FROM orders\",\"sessionId\":\"" + session + "\",\"limit\":5}";
            default -> "{\"chartType\":\"bar\",\"data\":{\"rows\":[{\"r\":\"NA\",\"v\":1},{\"r\":\"EMEA\",\"v\":2}]}}";
        };
        String text = switch (operation.path()) {
            case "/api/v1/chat" -> "{\"sessionId\":\"" + session + "\",\"messages\":[{\"id\":\"" + UUID.randomUUID()
                    + "\",\"role\":\"user\",\"content\":\"What is the travel policy?\",\"timestamp\":\"2026-11-25T10:00:00Z\"}]}";
            case "/api/v1/tools/{toolName}" -> arguments;
            case "/api/v1/tools/{toolName}/execute" -> "{\"arguments\":" + arguments
                    + ",\"execution_options\":{\"timeout_seconds\":5,\"async\":false}}";
            case "/api/v1/session/token" -> "{\"clientId\":\"demo-web\",\"nonce\":\"" + UUID.randomUUID() + "\"}";
            default -> null;
        };
        return text == null ? null : JSON.readTree(text);
    }

    private static String path(String template, String toolName, Random random) {
        Matcher m = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (random.nextInt(3)) {
                case 0 -> ODD_SEGMENTS[random.nextInt(ODD_SEGMENTS.length)];
                case 1 -> m.group(1).equals("toolName") ? toolName : UUID.randomUUID().toString();
                // never a real pipeline id: disabling routes is not what this test is about
                default -> m.group(1).equals("toolName") ? toolName : "fuzz-" + random.nextInt(1000);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Sends one probe; a description of what was wrong, or null. */
    private String check(Probe probe) {
        HttpResponse<String> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + probe.path())).timeout(Duration.ofSeconds(60));
            probe.headers().forEach(request::header);
            if (probe.body() != null) {
                if (probe.body().contentType() != null) {
                    request.header("Content-Type", probe.body().contentType());
                }
                request.method(probe.method(), HttpRequest.BodyPublishers.ofByteArray(probe.body().bytes()));
            } else {
                request.method(probe.method(), HttpRequest.BodyPublishers.noBody());
            }
            response = send(request.build());
        } catch (Exception e) {
            return probe.describe() + ": no answer (" + e.getClass().getSimpleName() + ")";
        }
        int status = response.statusCode();
        String body = response.body();
        for (String leak : LEAKS) {
            if (body.contains(leak)) {
                return probe.describe() + ": " + status + " leaks '" + leak.trim() + "'";
            }
        }
        if (status >= 500) {
            return probe.describe() + ": " + status + " " + abbreviate(body);
        }
        if (response.headers().firstValue("X-Trace-Id").isEmpty()) {
            return probe.describe() + ": " + status + " without X-Trace-Id";
        }
        if (status >= 400 && probe.path().startsWith("/v1/")) {
            // the OpenAI-compatible door answers OpenAI's error shape (docs/decisions/0034-openai-compatible-api.md),
            // except what Tomcat refuses before the gateway reads the request (web/EnvelopeErrorReportValve)
            try {
                JsonNode error = JSON.readTree(body).path("error");
                if (error.path("message").asText().startsWith(UNREADABLE_REQUEST) && "error".equals(JSON.readTree(body).path("status").asText())) {
                    return null;
                }
                if (error.path("message").asText().isEmpty() || error.path("type").asText().isEmpty()
                        || !error.has("param") || !error.has("code")) {
                    return probe.describe() + ": " + status + " is not OpenAI's error shape: " + abbreviate(body);
                }
            } catch (Exception e) {
                return probe.describe() + ": " + status + " body is not JSON: " + abbreviate(body);
            }
        } else if (status >= 400) {
            try {
                JsonNode envelope = JSON.readTree(body);
                JsonNode error = envelope.path("error");
                if (!"error".equals(envelope.path("status").asText()) || error.path("code").asText().isEmpty()
                        || error.path("message").asText().isEmpty() || error.path("traceId").asText().isEmpty()) {
                    return probe.describe() + ": " + status + " is not the envelope: " + abbreviate(body);
                }
            } catch (Exception e) {
                return probe.describe() + ": " + status + " body is not JSON: " + abbreviate(body);
            }
        }
        return null;
    }

    /**
     * Sends once more when the connection broke before any answer: a pooled keep-alive connection
     * the server closed just as the client reused it (Tomcat closes after 100 requests, or on
     * errors) is the transport's race, not an answer of the gateway. A second failure counts.
     */
    private HttpResponse<String> send(HttpRequest request) throws Exception {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException brokenConnection) {
            RESENT.incrementAndGet();
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }

    private String token(String client, String secret) throws Exception {
        return GatewayClient.login(port, client, secret).token();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private record Probe(String method, String path, BodyMutations.Body body, Map<String, String> headers, String name) {
        String describe() {
            return method + " " + (path.length() > 120 ? path.substring(0, 120) + "..." : path) + " [" + name + ", "
                    + (body == null ? "no body" : body.name() + " " + body.contentType()) + "]";
        }
    }
}
