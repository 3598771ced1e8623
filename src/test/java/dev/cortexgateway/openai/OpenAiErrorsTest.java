package dev.cortexgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The envelope -> OpenAI error mapping of docs/openai.md's table; the HTTP cases are in routes-tests/openai/. */
class OpenAiErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenAiErrors errors = new OpenAiErrors(JSON);

    @Test
    void aRateLimitIsRequestsRateLimitExceededAndItsHintNamesTheHeader() throws Exception {
        JsonNode error = reshape(429, """
                {"status":"error","error":{"code":"RATE_LIMITED","message":"Too many requests",
                "hint":"Retry after details.retryAfterSeconds seconds","details":{"retryAfterSeconds":3},
                "retryable":true,"traceId":"abc"},"timestamp":"2026-12-07T00:00:00Z"}""");

        assertThat(error.path("type").asText()).isEqualTo("requests");
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("message").asText()).isEqualTo("Too many requests (Retry after Retry-After seconds)");
        assertThat(error.path("param").isNull()).isTrue();
        assertThat(error.size()).isEqualTo(4);
    }

    @Test
    void aSchemaViolationNamesItsFirstFieldAsParam() throws Exception {
        JsonNode error = reshape(400, """
                {"status":"error","error":{"code":"INVALID_REQUEST","message":"Bad body",
                "hint":"Fix the fields listed in details.fields","details":{"fields":[{"field":"/messages/0/role","message":"x"}]},
                "retryable":false,"traceId":"abc"}}""");

        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_request");
        assertThat(error.path("param").asText()).isEqualTo("messages.0.role");
        // a hint that points into details, which this shape has not, is left out
        assertThat(error.path("message").asText()).isEqualTo("Bad body");
    }

    @Test
    void statusesMapToOpenAisTypesAndCodes() throws Exception {
        assertThat(reshape(401, envelope("UNAUTHORIZED")).path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(reshape(403, envelope("FORBIDDEN")).path("type").asText()).isEqualTo("permission_error");
        assertThat(reshape(503, envelope("CIRCUIT_OPEN")).path("type").asText()).isEqualTo("server_error");
        assertThat(reshape(503, envelope("CIRCUIT_OPEN")).path("code").asText()).isEqualTo("circuit_open");
        assertThat(reshape(404, """
                {"error":{"code":"NOT_FOUND","message":"m","details":{"param":"model","openaiCode":"model_not_found"}}}""")
                .path("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void whatIsNotAnEnvelopeIsLeftAlone() {
        assertThat(errors.fromEnvelope(400, "not json")).isNull();
        assertThat(errors.fromEnvelope(400, "{\"error\":{\"message\":\"m\",\"type\":\"t\",\"param\":null,\"code\":null}}")).isNull();
    }

    private JsonNode reshape(int status, String envelope) throws Exception {
        return JSON.readTree(errors.fromEnvelope(status, envelope)).path("error");
    }

    private static String envelope(String code) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\",\"details\":{}}}";
    }
}
