package dev.cortexgateway.routestests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The smoke test of a deployed gateway: runs the route cases marked {@code smoke: true} (reads
 * only, nothing that needs the local profile's simulator or demo clients) against a base URL, with
 * the same runner as {@link RouteCasesTest}, and stops at the first failure naming the case and the
 * answer's {@code X-Trace-Id}. Built into {@code target/smoke/cortex-gateway-smoke.jar}, which
 * carries its cases and needs nothing but Java 17 (docs/release.md):
 *
 * <pre>
 *   GATEWAY_SMOKE_TOKEN=... java -jar cortex-gateway-smoke.jar --base-url https://gateway.example.com
 *   GATEWAY_SMOKE_CLIENT_SECRET=... java -jar cortex-gateway-smoke.jar --base-url URL --client-id release-smoke
 * </pre>
 *
 * The token and the client secret come from the environment, never from the command line (where
 * {@code ps} and CI logs show them), and every line printed has them blanked out. Exit code 0: every
 * smoke case passed; 1: one failed; 2: the command could not run (usage, no cases).
 */
public final class SmokeCommand {

    static final String TOKEN_ENV = "GATEWAY_SMOKE_TOKEN";
    static final String SECRET_ENV = "GATEWAY_SMOKE_CLIENT_SECRET";
    /** What the smoke cases use: {@code tools} reads the tool list; a smoke token needs nothing more. */
    static final String SCOPE = "tools";
    static final String TOKEN_VAR = "smokeToken";

    static final int PASSED = 0;
    static final int FAILED = 1;
    static final int UNUSABLE = 2;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USAGE = """
            usage: java -jar cortex-gateway-smoke.jar --base-url URL [--client-id ID] [--cases DIR]
              token: %s=<a token with scope %s>, or --client-id ID with %s=<its secret>
                     (a client_credentials token is fetched; never pass either on the command line)
              --cases DIR  the route cases to pick smoke: true ones from (default: those in the jar,
                           or ./routes-tests when run from a checkout)"""
            .formatted(TOKEN_ENV, SCOPE, SECRET_ENV);

    private final PrintStream out;
    private final Set<String> hidden = new LinkedHashSet<>();

    private SmokeCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out) {
        return new SmokeCommand(out).execute(args, env);
    }

    private int execute(String[] args, Map<String, String> env) {
        String baseUrl = null;
        String clientId = null;
        Path cases = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                say(USAGE);
                return PASSED;
            }
            if (i + 1 >= args.length || !Set.of("--base-url", "--client-id", "--cases").contains(arg)) {
                return unusable("unknown argument or missing value: " + arg + "\n" + USAGE);
            }
            String value = args[++i];
            switch (arg) {
                case "--base-url" -> baseUrl = value.replaceAll("/+$", "");
                case "--client-id" -> clientId = value;
                default -> cases = Path.of(value);
            }
        }
        String token = env.get(TOKEN_ENV);
        String secret = env.get(SECRET_ENV);
        hide(token);
        hide(secret);
        if (baseUrl == null) {
            return unusable("--base-url is required\n" + USAGE);
        }
        String refused = refusedBaseUrl(baseUrl);
        if (refused != null) {
            return unusable(refused);
        }
        if (clientId == null && (token == null || token.isBlank())) {
            return unusable("no token: set " + TOKEN_ENV + ", or give --client-id and set " + SECRET_ENV + "\n" + USAGE);
        }
        if (clientId != null && (secret == null || secret.isBlank())) {
            return unusable("--client-id " + clientId + " needs its secret in " + SECRET_ENV);
        }
        try {
            List<RouteCase> smoke = smokeCases(cases);
            if (smoke.isEmpty()) {
                return unusable("no case is marked smoke: true");
            }
            if (clientId != null) {
                token = clientCredentialsToken(baseUrl, clientId, secret);
                if (token == null) {
                    return FAILED;
                }
            }
            return runCases(baseUrl, token, smoke);
        } catch (IllegalArgumentException | IOException e) {
            return unusable(e.getMessage());
        }
    }

    /** The token must not cross a network in clear text: plain http only to this machine (a port-forward, CI). */
    static String refusedBaseUrl(String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException e) {
            return "--base-url is not a URL: " + e.getMessage();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        String host = uri.getHost() == null ? "" : uri.getHost();
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http") && Set.of("127.0.0.1", "localhost", "[::1]", "::1").contains(host)) {
            return null;
        }
        return "--base-url must be https:// (or http:// to 127.0.0.1 or localhost): the token would cross the network in clear text";
    }

    private List<RouteCase> smokeCases(Path given) throws IOException {
        Path root = given != null ? given : bundledCases();
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("no route cases at " + root + " (--cases DIR)");
        }
        List<Path> files = RouteCaseLoader.caseFiles(root);
        List<RouteCase> smoke = new ArrayList<>();
        for (Path file : files) {
            // strict as in the build: a file the loader rejects stops the run rather than being skipped
            RouteCase routeCase = RouteCaseLoader.read(file);
            if (routeCase.smoke()) {
                smoke.add(routeCase);
            }
        }
        say("smoke: " + smoke.size() + " cases marked smoke: true of " + files.size() + " under " + root);
        return smoke;
    }

    /** The cases packed into the smoke jar at build time, or ./routes-tests when not run from a jar. */
    private static Path bundledCases() throws IOException {
        try {
            Path codeSource = Path.of(SmokeCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(codeSource)) {
                return FileSystems.newFileSystem(codeSource).getPath("/routes-tests");
            }
        } catch (URISyntaxException | SecurityException e) {
            throw new IOException("cannot find the jar's own cases: " + e.getMessage(), e);
        }
        return Path.of("routes-tests");
    }

    /** The first check of a run with --client-id: the token route itself. Null (after saying why) when it failed. */
    private String clientCredentialsToken(String baseUrl, String clientId, String secret) {
        String label = "token request (client_credentials for " + clientId + ", scope " + SCOPE + ")";
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        hide(basic);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/auth/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + URLEncoder.encode(SCOPE, StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException noAnswer) {
            fail(new CaseFailure(label, null, noAnswer), label);
            return null;
        }
        String traceId = response.headers().firstValue("X-Trace-Id").orElse(null);
        String token = null;
        if (response.statusCode() == 200) {
            try {
                JsonNode answer = JSON.readTree(response.body());
                token = answer.path("access_token").asText(null);
            } catch (IOException notJson) {
                token = null;
            }
        }
        if (token == null || token.isBlank()) {
            hide(token);
            fail(new CaseFailure(label, traceId, new AssertionError("answered " + response.statusCode() + " " + response.body())), label);
            return null;
        }
        hide(token);
        say("ok    " + label);
        return token;
    }

    private int runCases(String baseUrl, String token, List<RouteCase> smoke) throws IOException {
        RouteCaseRunner runner = new RouteCaseRunner(baseUrl, null, Map.of(TOKEN_VAR, token));
        int passed = 0;
        for (RouteCase routeCase : smoke) {
            long start = System.nanoTime();
            try {
                runner.run(routeCase);
            } catch (CaseFailure failure) {
                fail(failure, routeCase.where());
                say("smoke: " + passed + " of " + smoke.size() + " passed before " + routeCase.where() + " failed against " + baseUrl);
                return FAILED;
            } catch (Exception unexpected) {
                fail(new CaseFailure(routeCase.name(), null, unexpected), routeCase.where());
                return FAILED;
            }
            passed++;
            say("ok    " + routeCase.where() + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
        }
        say("smoke: all " + passed + " smoke cases passed against " + baseUrl);
        return PASSED;
    }

    private void fail(CaseFailure failure, String where) {
        say("FAIL  " + where + "\n  " + failure.getMessage().replace("\n", "\n  "));
    }

    private int unusable(String why) {
        say("smoke: cannot run: " + why);
        return UNUSABLE;
    }

    /** Values under 6 characters are no real credential and would blank ordinary words (as in SentSecrets). */
    private void hide(String value) {
        if (value != null && value.strip().length() >= 6) {
            hidden.add(value);
        }
    }

    /** Every line goes out through here, with the token and the secret blanked (an answer could echo one). */
    private void say(String text) {
        String line = text;
        for (String value : hidden) {
            line = line.replace(value, "[hidden]");
        }
        out.println(line);
    }
}
