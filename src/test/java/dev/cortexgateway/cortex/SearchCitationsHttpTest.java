package dev.cortexgateway.cortex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.chat.SseTestClient;
import dev.cortexgateway.testing.GatewayClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Cortex Search citations over real HTTP through the simulator, in the chat stream's final event and
 * in {@code /api/v1/query}: both read results and citations by the same rules ({@link SearchCitations}),
 * whichever documented shape Cortex sends (results under {@code searchResults} with {@code url}, under
 * {@code results} with {@code source_url}, or without any URL).
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class SearchCitationsHttpTest {

    private static final String QUESTION = "[[sim:tools tool=search]] What is the travel expense policy?";

    @LocalServerPort
    int port;

    private GatewayClient admin;

    @BeforeEach
    void login() throws Exception {
        admin = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret");
    }

    @Test
    void chatAndQueryListTheSameSourcesWithUrls() throws Exception {
        List<String> chat = sources(chatSources(QUESTION));
        List<String> query = sources(querySources(QUESTION));

        assertThat(chat).isNotEmpty().allSatisfy(source -> assertThat(source).contains("|http"));
        assertThat(query).isEqualTo(chat);
    }

    @Test
    void resultsUnderResultsWithSourceUrlAreReadLikeSearchResults() throws Exception {
        List<String> usual = sources(chatSources(QUESTION));
        String variant = "[[sim:wire variant=search-results]] " + QUESTION;

        assertThat(sources(chatSources(variant))).isEqualTo(usual);
        assertThat(sources(querySources(variant))).isEqualTo(usual);
    }

    @Test
    void aResultWithoutAUrlIsStillASourceWithANullUrl() throws Exception {
        List<String> usual = sources(chatSources(QUESTION));
        String variant = "[[sim:wire variant=search-no-url]] " + QUESTION;
        List<String> withoutUrls = usual.stream().map(s -> s.substring(0, s.lastIndexOf('|')) + "|null").toList();

        JsonNode chat = chatSources(variant);
        JsonNode query = querySources(variant);
        assertThat(sources(chat)).isEqualTo(withoutUrls);
        assertThat(sources(query)).isEqualTo(withoutUrls);
        for (JsonNode source : chat) {
            assertThat(source.has("sourceUrl")).isTrue();
            assertThat(source.path("sourceUrl").isNull()).isTrue();
            assertThat(source.path("title").asText()).isNotBlank();
        }
    }

    /** Each source as {@code id|title|sourceUrl}. */
    private static List<String> sources(JsonNode sources) {
        List<String> out = new ArrayList<>();
        for (JsonNode source : sources) {
            out.add(source.path("id").asText() + "|" + source.path("title").asText() + "|"
                    + (source.path("sourceUrl").isNull() ? "null" : source.path("sourceUrl").asText()));
        }
        return out;
    }

    private JsonNode chatSources(String question) throws Exception {
        UUID session = UUID.randomUUID();
        SseTestClient.Connection stream = new SseTestClient(port).post("/api/v1/chat", Map.of("sessionId", session.toString(),
                "messages", List.of(Map.of("id", UUID.randomUUID().toString(), "role", "user", "content", question,
                        "timestamp", "2026-11-25T10:00:00Z"))), Map.of("Authorization", "Bearer " + admin.token()));
        assertThat(stream.status()).isEqualTo(200);
        List<SseTestClient.Event> events = stream.rest(Duration.ofSeconds(30));
        SseTestClient.Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("final");
        return last.data().path("sources");
    }

    private JsonNode querySources(String question) throws Exception {
        GatewayClient.Answer answer = admin.post("/api/v1/query", Map.of("query", question,
                "cache_options", Map.of("use_cache", false)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path("sources");
    }
}
