package dev.cortexgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.chat.ChatRuns;
import dev.cortexgateway.simulator.SimulatorRuns;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The official OpenAI SDK ({@code com.openai:openai-java}) as the client of the OpenAI-compatible
 * door, against a real gateway on the Cortex simulator: non-streaming and streaming completions,
 * the model list, a bad api key (401), a rate limit (429) the SDK retries through, and a stream the
 * client closes (the upstream run is cancelled and the open-run slot freed). Each test takes its own
 * session token, so its own end-user bucket of the chat group (2 calls, one back every 2 s).
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gateway.chat.grace-period=300ms", "gateway.rate-limits.groups.chat.capacity=2",
                "gateway.rate-limits.groups.chat.refill-tokens=1", "gateway.rate-limits.groups.chat.refill-period=2s"})
@ActiveProfiles({"local", "test"})
class OpenAiSdkHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    SimulatorRuns simulator;

    @Autowired
    ChatRuns runs;

    @Autowired
    OpenAiModels models;

    private final List<OpenAIClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(OpenAIClient::close);
    }

    @Test
    void listsTheConfiguredAgentAsTheOneModel() throws Exception {
        OpenAIClient sdk = sdk(sessionToken(), 0);

        List<Model> listed = sdk.models().list().data();

        assertThat(listed).extracting(Model::id).containsExactly(models.id());
        assertThat(listed.get(0).ownedBy()).isEqualTo("snowflake-cortex");
        assertThat(sdk.models().retrieve(models.id()).id()).isEqualTo(models.id());
    }

    @Test
    void answersAWholeCompletionWithUsageAndRecordsTheHistory() throws Exception {
        String token = sessionToken();
        OpenAIClient sdk = sdk(token, 0);

        var raw = sdk.chat().completions().withRawResponse().create(question("What was the revenue by quarter in 2024?"));
        ChatCompletion completion = raw.parse();

        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.model()).isEqualTo(models.id());
        assertThat(completion.choices()).hasSize(1);
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        String answer = choice.message().content().orElseThrow();
        assertThat(answer).isNotBlank();
        // the agent's own tool calls are an extension field, never OpenAI tool_calls for the client to run
        assertThat(choice.message().toolCalls()).isEmpty();
        assertThat(choice.message()._additionalProperties()).containsKey("cortex_tool_calls");
        assertThat(completion.usage().orElseThrow().totalTokens()).isPositive();

        String session = raw.headers().values("X-Session-Id").get(0);
        JsonNode history = JSON.readTree(get("/api/v1/history/" + session, token).body());
        assertThat(history.path("messages")).hasSize(2);
        assertThat(history.at("/messages/0/content").asText()).isEqualTo(answer);
        assertThat(history.at("/messages/1/content").asText()).isEqualTo("What was the revenue by quarter in 2024?");
    }

    @Test
    void streamsChunksEndingWithStopAndTheUsageChunk() throws Exception {
        OpenAIClient sdk = sdk(sessionToken(), 0);
        ChatCompletionCreateParams params = question("What is the travel expense policy?").toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(params)) {
            chunks = stream.stream().toList();
        }

        assertThat(chunks).hasSizeGreaterThan(2);
        assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.get(0).id());
        assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
        String text = chunks.stream().flatMap(c -> c.choices().stream())
                .map(c -> c.delta().content().orElse("")).collect(Collectors.joining());
        assertThat(text).isNotBlank();
        List<ChatCompletionChunk.Choice.FinishReason> reasons = chunks.stream().flatMap(c -> c.choices().stream())
                .flatMap(c -> c.finishReason().stream()).toList();
        assertThat(reasons).containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().totalTokens()).isPositive();
    }

    @Test
    void aBadApiKeyIsOpenAisInvalidApiKey() {
        OpenAIClient sdk = sdk("not-a-gateway-token", 0);

        assertThatThrownBy(() -> sdk.chat().completions().create(question("Hello?")))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.code()).contains("invalid_api_key");
                    assertThat(e.type()).contains("invalid_request_error");
                    assertThat(e.body().toString()).doesNotContain("not-a-gateway-token");
                });
    }

    @Test
    void aRateLimitIsA429TheSdkRetriesAfterRetryAfter() throws Exception {
        String token = sessionToken();
        // empty the caller's chat bucket (capacity 2) with cheap calls: refused after the limit step
        int status = 0;
        for (int i = 0; i < 10 && status != 429; i++) {
            status = post("/v1/chat/completions", token, "{\"model\":\"" + models.id()
                    + "\",\"messages\":[{\"role\":\"assistant\",\"content\":\"no question\"}]}").statusCode();
        }
        assertThat(status).isEqualTo(429);

        assertThatThrownBy(() -> sdk(token, 0).chat().completions().create(question("How many customers are there?")))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.code()).contains("rate_limit_exceeded");
                    assertThat(e.headers().values("Retry-After")).isNotEmpty();
                });
        // the same call with the SDK's retries: it waits Retry-After and gets its answer
        ChatCompletion completion = sdk(token, 3).chat().completions().create(question("How many customers are there?"));
        assertThat(completion.choices().get(0).message().content().orElseThrow()).isNotBlank();
    }

    @Test
    void aStreamTheClientClosesHasItsUpstreamRunCancelled() throws Exception {
        long cancelledBefore = simulator.cancelled();
        OpenAIClient sdk = sdk(sessionToken(), 0);
        StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(
                question("[[sim:slow delayMs=200]] [[sim:long events=500]] Tell me about the travel policy"));
        Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
        chunks.next();
        chunks.next();
        assertThat(runs.running()).isPositive();

        stream.close();

        await("the upstream run cancelled").atMost(WAIT).until(() -> simulator.cancelled() > cancelledBefore);
        await("no run left open").atMost(WAIT).until(() -> runs.running() == 0);
    }

    private ChatCompletionCreateParams question(String text) {
        return ChatCompletionCreateParams.builder().model(models.id()).addUserMessage(text).build();
    }

    private OpenAIClient sdk(String apiKey, int maxRetries) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1").apiKey(apiKey)
                .maxRetries(maxRetries).timeout(WAIT).build();
        clients.add(client);
        return client;
    }

    /** A demo-web session token: scope chat, a new end user (and so a new rate-limit bucket) each time. */
    private String sessionToken() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/api/v1/session/token"))
                .header("Content-Type", "application/json").header("X-Client-Version", "1.4.2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"clientId\":\"demo-web\",\"nonce\":\"" + UUID.randomUUID() + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("token").asText();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
