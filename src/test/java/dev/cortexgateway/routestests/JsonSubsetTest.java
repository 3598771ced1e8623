package dev.cortexgateway.routestests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonSubsetTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void matchesSubsetsAndOperators() throws Exception {
        JsonNode actual = json.readTree("{\"a\":1,\"b\":{\"c\":\"x-123\",\"d\":[1,2,3]},\"e\":null}");

        assertThat(JsonSubset.mismatches(json.readTree("{\"a\":1.0,\"b\":{\"d\":[1,2]}}"), actual)).isEmpty();
        assertThat(JsonSubset.mismatches(json.readTree("{\"b\":{\"c\":{\"$matches\":\"x-\\\\d+\"},\"d\":{\"$size\":3}}}"), actual)).isEmpty();
        assertThat(JsonSubset.mismatches(json.readTree("{\"z\":{\"$exists\":false},\"a\":{\"$type\":\"number\"}}"), actual)).isEmpty();
    }

    @Test
    void reportsEachMismatchWithItsPath() throws Exception {
        JsonNode actual = json.readTree("{\"a\":1,\"b\":{\"d\":[1]}}");

        assertThat(JsonSubset.mismatches(json.readTree("{\"a\":2,\"b\":{\"d\":[1,2]},\"q\":{\"$exists\":true}}"), actual))
                .containsExactly("$.a: expected 2, got 1",
                        "$.b.d: expected an array of at least 2 elements, got [1]",
                        "$.q: expected a value, got null");
    }

    @Test
    void exactlyRejectsExtraOrMissingElementsAndKeys() throws Exception {
        JsonNode scopes = json.readTree("{\"scopes\":[\"chat\",\"admin\"],\"o\":{\"a\":1,\"b\":2}}");

        // a plain array is a prefix: it passes when more scopes were granted
        assertThat(JsonSubset.mismatches(json.readTree("{\"scopes\":[\"chat\"]}"), scopes)).isEmpty();
        assertThat(JsonSubset.mismatches(json.readTree("{\"scopes\":{\"$exactly\":[\"chat\"]}}"), scopes))
                .containsExactly("$.scopes: expected exactly 1 elements [\"chat\"], got [\"chat\",\"admin\"]");
        assertThat(JsonSubset.mismatches(json.readTree("{\"scopes\":{\"$exactly\":[\"chat\",\"admin\"]}}"), scopes)).isEmpty();
        assertThat(JsonSubset.mismatches(json.readTree("{\"scopes\":{\"$exactly\":[\"chat\",\"admin\",\"x\"]}}"), scopes)).hasSize(1);
        assertThat(JsonSubset.mismatches(json.readTree("{\"o\":{\"$exactly\":{\"a\":1}}}"), scopes))
                .containsExactly("$.o: unexpected keys [b] in {\"a\":1,\"b\":2}");
        assertThat(JsonSubset.mismatches(json.readTree("{\"o\":{\"$exactly\":{\"a\":1,\"b\":{\"$type\":\"number\"}}}}"), scopes)).isEmpty();
        assertThat(JsonSubset.mismatches(json.readTree("{\"z\":{\"$exactly\":[]}}"), scopes)).hasSize(1);
    }
}
