package dev.cortexgateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void keyPathsNameEveryObjectKeyWithArraysAsBrackets() throws Exception {
        assertThat(SeedExamples.keyPaths(JSON.readTree(
                "{\"a\":{\"b\":1,\"c\":[{\"d\":2},{\"e\":null}]},\"f\":[]}"), Set.of()))
                .containsExactly("a", "a.b", "a.c", "a.c[].d", "a.c[].e", "f");
    }

    @Test
    void keysOfANamedMapCountAsAStar() throws Exception {
        assertThat(SeedExamples.keyPaths(JSON.readTree(
                "{\"parameters\":{\"statement\":{\"type\":\"string\"},\"limit\":{\"max\":3}}}"), Set.of("parameters")))
                .containsExactly("parameters", "parameters.*", "parameters.*.max", "parameters.*.type");
    }
}
