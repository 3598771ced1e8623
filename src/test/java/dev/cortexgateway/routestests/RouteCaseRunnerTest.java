package dev.cortexgateway.routestests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The runner's checks that need no gateway: headers, and the log against what a case sent. */
class RouteCaseRunnerTest {

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    private JsonNode expected(String text) throws Exception {
        return yaml.readTree(text);
    }

    @Test
    void aHeaderExpectationHasItsVariablesReplaced() throws Exception {
        Variables variables = new Variables(Map.of("stream", "abc-123"), 8080);

        JsonNode header = variables.applyTo(expected("\"${stream}\""));
        JsonNode pattern = variables.applyTo(expected("{$matches: \"/api/v1/streams/${stream}\"}"));

        assertThat(RouteCaseRunner.headerMismatches(header, List.of("abc-123"))).isEmpty();
        assertThat(RouteCaseRunner.headerMismatches(pattern, List.of("/api/v1/streams/abc-123"))).isEmpty();
        assertThat(RouteCaseRunner.headerMismatches(header, List.of("other"))).isNotEmpty();
    }

    @Test
    void aSingleExpectationMustMatchEveryValueOfARepeatedHeader() throws Exception {
        JsonNode noStore = expected("no-store");

        assertThat(RouteCaseRunner.headerMismatches(noStore, List.of("no-store", "no-store"))).isEmpty();
        assertThat(RouteCaseRunner.headerMismatches(noStore, List.of("no-store", "max-age=60")))
                .containsExactly("value 2 of 2 $: expected \"no-store\", got \"max-age=60\"");
        assertThat(RouteCaseRunner.headerMismatches(expected("{$matches: \"[0-9]+\"}"), List.of("1", "x"))).hasSize(1);
        assertThat(RouteCaseRunner.headerMismatches(noStore, List.of())).isNotEmpty();
        assertThat(RouteCaseRunner.headerMismatches(expected("{$exists: false}"), List.of())).isEmpty();
        assertThat(RouteCaseRunner.headerMismatches(expected("{$exists: false}"), List.of("x"))).isNotEmpty();
    }

    @Test
    void aListExpectsExactlyTheseValuesInOrder() throws Exception {
        JsonNode two = expected("[a=1, {$matches: \"b=.*\"}]");

        assertThat(RouteCaseRunner.headerMismatches(two, List.of("a=1", "b=2"))).isEmpty();
        assertThat(RouteCaseRunner.headerMismatches(two, List.of("a=1"))).isNotEmpty();
        assertThat(RouteCaseRunner.headerMismatches(two, List.of("a=1", "b=2", "c=3"))).isNotEmpty();
        assertThat(RouteCaseRunner.headerMismatches(two, List.of("b=2", "a=1"))).isNotEmpty();
    }

    @Test
    void findsTheCredentialsARequestSent() {
        byte[] json = "{\"grant_type\":\"client_credentials\",\"client_secret\":\"s3cret-value\",\"nested\":{\"password\":\"pa55word\"}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] form = "grant_type=password&password=form%2Dsecret&client_id=abc".getBytes(StandardCharsets.UTF_8);

        assertThat(SentSecrets.of("/api/v1/auth/token", Map.of(), json)).containsExactlyInAnyOrder("s3cret-value", "pa55word");
        assertThat(SentSecrets.of("/api/v1/auth/token", Map.of(), form)).contains("form-secret");
        assertThat(SentSecrets.of("/api/v1/auth/validate?token=query-token-1", Map.of(), null)).containsExactly("query-token-1");
        // Basic: the whole value, the credential and the decoded secret (demo-admin:demo-admin-test-secret)
        assertThat(SentSecrets.of("/x", Map.of("Authorization", "Basic ZGVtby1hZG1pbjpkZW1vLWFkbWluLXRlc3Qtc2VjcmV0"), null))
                .contains("ZGVtby1hZG1pbjpkZW1vLWFkbWluLXRlc3Qtc2VjcmV0", "demo-admin-test-secret");
        assertThat(SentSecrets.of("/x", Map.of("authorization", "Bearer eyJhbGciOi.x.y"), null)).contains("eyJhbGciOi.x.y");
        // too short to tell apart from ordinary log text
        assertThat(SentSecrets.of("/x", Map.of(), "{\"token\":\"x\"}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void aCredentialOrForbiddenTextInTheLogFailsTheCase() {
        List<String> log = List.of("{\"message\":\"token issued\"}", "{\"message\":\"bad secret s3cret-value\"}");

        RouteCaseRunner.assertLogFree("clean", log, Set.of("other-secret"), Set.of("hunter2"));
        assertThatThrownBy(() -> RouteCaseRunner.assertLogFree("leak", log, Set.of("s3cret-value"), Set.of()))
                .hasMessageContaining("credential sent in the request 's3cret-value' logged in");
        assertThatThrownBy(() -> RouteCaseRunner.assertLogFree("forbidden", log, Set.of(), Set.of("token issued")))
                .hasMessageContaining("logNotContains 'token issued'");
    }
}
