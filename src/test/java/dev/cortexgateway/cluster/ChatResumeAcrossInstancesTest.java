package dev.cortexgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.chat.SseTestClient;
import dev.cortexgateway.simulator.SimulatorRuns;
import dev.cortexgateway.store.ReplayLogStore;
import dev.cortexgateway.testing.GatewayClient;
import dev.cortexgateway.testing.GatewayCluster;
import dev.cortexgateway.testing.RequiresPostgres;
import dev.cortexgateway.testing.RequiresRedis;
import dev.cortexgateway.testing.SharedServices;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chat streams across three gateways on the machine's PostgreSQL and Redis: a client that started
 * its stream on one instance resumes it on another, with every event exactly once, the live tail
 * while the first instance's run goes on, one upstream run and one history entry.
 */
@RequiresPostgres
@RequiresRedis
class ChatResumeAcrossInstancesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** About 10 s of upstream stream: long enough to resume on a cold instance of a busy machine while it runs. */
    private static final String SLOW_QUESTION = "[[sim:slow delayMs=100]] [[sim:long events=100]] What is the travel policy?";
    /** Short grace period, lease, heartbeat and inactivity, so abandonment and timeouts show within seconds. */
    private static final String[] INSTANCE_ARGS = {"--gateway.chat.grace-period=2s", "--gateway.chat.reader-lease=3s",
            "--gateway.sse.heartbeat-interval=300ms", "--gateway.cortex.inactivity-timeout=4s"};
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;

    private static GatewayCluster cluster;
    private static final Map<Integer, String> TOKENS = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = GatewayCluster.start(3, INSTANCE_ARGS);
        warmUp();
    }

    /** Logs in on every instance and resumes an unknown stream there once, so no test measures a cold start. */
    private static void warmUp() throws Exception {
        for (int instance : new int[] {A, B, C}) {
            assertThat(sse(instance).get("/api/v1/chat/streams/" + UUID.randomUUID(), bearer(instance)).status()).isEqualTo(404);
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aStreamStartedOnOneInstanceResumesOnAnotherWithoutGapOrDuplicate() throws Exception {
        long runsBefore = runs(A) + runs(B) + runs(C);
        UUID session = UUID.randomUUID();
        SseTestClient.Connection first = chat(A, session, SLOW_QUESTION, Map.of());
        assertThat(first.status()).isEqualTo(200);
        String streamId = first.header("X-Stream-Id");
        List<SseTestClient.Event> received = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            received.add(first.next(WAIT));
        }
        first.drop();

        SseTestClient.Connection resumed = chat(B, session, SLOW_QUESTION, Map.of("Last-Event-ID", received.get(4).id()));
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.header("X-Stream-Id")).isEqualTo(streamId);
        received.add(resumed.next(WAIT));
        // the live tail: B sends events while A's run is still writing them
        assertThat(log(A).readFrom(streamId, 0).orElseThrow().complete()).isFalse();
        received.addAll(resumed.rest(WAIT));

        assertConsecutiveIds(received, streamId);
        SseTestClient.Event last = received.get(received.size() - 1);
        assertThat(last.name()).isEqualTo("final");
        assertThat(last.data().at("/message/content").asText()).isEqualTo(tokens(received)).isNotBlank();
        assertThat(runs(A) + runs(B) + runs(C) - runsBefore).isEqualTo(1);
        assertThat(runs(B) + runs(C)).isZero();

        // EventSource style on a third instance, from the start: the same events with the same ids
        List<SseTestClient.Event> replay = sse(C).get("/api/v1/chat/streams/" + streamId, bearer(C)).rest(WAIT);
        assertThat(replay).extracting(SseTestClient.Event::id).isEqualTo(received.stream().map(SseTestClient.Event::id).toList());

        for (int instance : new int[] {A, B, C}) {
            JsonNode history = history(instance, session);
            assertThat(history.path("messages")).as("history on instance %d", instance).hasSize(2);
            assertThat(history.at("/messages/0/role").asText()).isEqualTo("assistant");
            assertThat(history.at("/messages/0/content").asText()).isEqualTo(tokens(received));
        }
    }

    @Test
    void aGetResumeOnAnotherInstanceFollowsTheLiveTail() throws Exception {
        SseTestClient.Connection first = chat(A, UUID.randomUUID(), SLOW_QUESTION, Map.of());
        String streamId = first.header("X-Stream-Id");
        List<SseTestClient.Event> received = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            received.add(first.next(WAIT));
        }
        first.drop();

        Map<String, String> headers = new HashMap<>(bearer(C));
        headers.put("Last-Event-ID", received.get(2).id());
        SseTestClient.Connection resumed = sse(C).get("/api/v1/chat/streams/" + streamId, headers);
        assertThat(resumed.status()).isEqualTo(200);
        received.addAll(resumed.rest(WAIT));

        assertConsecutiveIds(received, streamId);
        assertThat(received.get(received.size() - 1).name()).isEqualTo("final");
    }

    @Test
    void anotherClientsStreamIsNotFoundOnAnyInstance() throws Exception {
        UUID session = UUID.randomUUID();
        SseTestClient.Connection stream = chat(A, session, "How many customers are there?", Map.of());
        String streamId = stream.header("X-Stream-Id");
        stream.rest(WAIT);

        String other = GatewayClient.login(cluster.port(B), "test-chat-service", "chat-service-test-secret").token();
        SseTestClient.Connection refused = sse(B).get("/api/v1/chat/streams/" + streamId, Map.of("Authorization", "Bearer " + other));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).contains("STREAM_NOT_FOUND");

        // the owner naming another session of its own does not get the stream either
        SseTestClient.Connection wrongSession = chat(B, UUID.randomUUID(), "hello", Map.of("Last-Event-ID", streamId + ":1"));
        assertThat(wrongSession.status()).isEqualTo(404);
        assertThat(wrongSession.body()).contains("STREAM_NOT_FOUND");

        SseTestClient.Connection unknown = sse(C).get("/api/v1/chat/streams/" + UUID.randomUUID(), bearer(C));
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void aRunNobodyReadsIsCancelledAfterTheGracePeriodAndCannotBeResumedAnywhere() throws Exception {
        long cancelledBefore = simulator(A).cancelled();
        SseTestClient.Connection stream = chat(A, UUID.randomUUID(),
                "[[sim:slow delayMs=200]] [[sim:long events=500]] Tell me about the travel policy", Map.of());
        String streamId = stream.header("X-Stream-Id");
        stream.next(WAIT);
        Instant dropped = Instant.now();
        stream.drop();

        await("the upstream run cancelled").atMost(WAIT).until(() -> simulator(A).cancelled() > cancelledBefore);
        assertThat(Duration.between(dropped, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        SseTestClient.Connection gone = sse(B).get("/api/v1/chat/streams/" + streamId, bearer(B));
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).contains("STREAM_NOT_FOUND");
    }

    @Test
    void aReaderOnAnotherInstanceKeepsTheRunAlivePastTheGracePeriod() throws Exception {
        long cancelledBefore = simulator(A).cancelled();
        // about 8 s upstream, four times the 2 s grace period
        SseTestClient.Connection first = chat(A, UUID.randomUUID(),
                "[[sim:slow delayMs=100]] [[sim:long events=80]] What is the travel policy?", Map.of());
        String streamId = first.header("X-Stream-Id");
        SseTestClient.Event seen = first.next(WAIT);
        first.drop();

        Map<String, String> headers = new HashMap<>(bearer(B));
        headers.put("Last-Event-ID", seen.id());
        List<SseTestClient.Event> rest = sse(B).get("/api/v1/chat/streams/" + streamId, headers).rest(WAIT);

        assertThat(rest.get(rest.size() - 1).name()).isEqualTo("final");
        assertThat(rest.get(0).id()).isEqualTo(streamId + ":2");
        assertThat(simulator(A).cancelled()).isEqualTo(cancelledBefore);
    }

    @Test
    void aFollowerWhoseRunsInstanceStopsEndsWithAnErrorInsteadOfHanging() throws Exception {
        int doomed = cluster.startInstance(INSTANCE_ARGS);
        SseTestClient.Connection first = chat(doomed, UUID.randomUUID(),
                "[[sim:slow delayMs=200]] [[sim:long events=500]] Tell me about the travel policy", Map.of());
        String streamId = first.header("X-Stream-Id");
        SseTestClient.Event seen = first.next(WAIT);
        first.drop();
        Map<String, String> headers = new HashMap<>(bearer(B));
        headers.put("Last-Event-ID", seen.id());
        SseTestClient.Connection follower = sse(B).get("/api/v1/chat/streams/" + streamId, headers);
        assertThat(follower.status()).isEqualTo(200);
        follower.next(WAIT);

        cluster.stop(doomed);
        List<SseTestClient.Event> rest = follower.rest(WAIT);

        // whatever the stopping instance still wrote, the stream ends with one error and no final
        assertThat(rest).isNotEmpty();
        SseTestClient.Event last = rest.get(rest.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(rest).extracting(SseTestClient.Event::name).doesNotContain("final");
    }

    @Test
    void aStreamOnAnInstanceThatShutsDownIsToldToReconnectAndFinishesOnAnother() throws Exception {
        int stopping = cluster.startInstance(INSTANCE_ARGS);
        UUID session = UUID.randomUUID();
        // about 4 s of upstream stream: well inside the drain timeout (20 s), so the run finishes while draining
        String question = "[[sim:slow delayMs=100]] [[sim:long events=40]] What is the travel policy?";
        SseTestClient.Connection first = chat(stopping, session, question, Map.of());
        String streamId = first.header("X-Stream-Id");
        List<SseTestClient.Event> received = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            received.add(first.next(WAIT));
        }

        // SIGTERM's path: the context closes (and blocks while it drains) on another thread
        Thread shutdown = new Thread(() -> cluster.stop(stopping), "stop-instance");
        shutdown.start();
        SseTestClient.Event reconnect;
        do {
            reconnect = first.next(WAIT);
            if (!reconnect.name().equals("reconnect")) {
                received.add(reconnect);
            }
        } while (!reconnect.name().equals("reconnect"));
        String lastEventId = reconnect.data().path("lastEventId").asText();
        assertThat(lastEventId).isEqualTo(received.get(received.size() - 1).id());
        assertThat(reconnect.data().path("streamId").asText()).isEqualTo(streamId);

        SseTestClient.Connection resumed = chat(B, session, question, Map.of("Last-Event-ID", lastEventId));
        assertThat(resumed.status()).isEqualTo(200);
        received.addAll(resumed.rest(WAIT));
        shutdown.join(WAIT.toMillis());

        assertConsecutiveIds(received, streamId);
        SseTestClient.Event last = received.get(received.size() - 1);
        assertThat(last.name()).as("the stopping instance finished the answer while draining").isEqualTo("final");
        JsonNode history = history(B, session);
        assertThat(history.path("messages")).hasSize(2);
        assertThat(history.at("/messages/0/content").asText()).isEqualTo(tokens(received));
    }

    @Test
    void aLogThatStopsGrowingWithoutCompletingEndsWithAnUpstreamTimeout() throws Exception {
        // what an owning instance that died leaves behind: an open log nobody writes any more
        String streamId = UUID.randomUUID().toString();
        ReplayLogStore shared = log(C);
        shared.open(streamId, new ReplayLogStore.Owner("demo-admin", UUID.randomUUID().toString()));
        shared.append(streamId, "token", "{\"type\":\"token\",\"delta\":\"Hel\"}");
        shared.append(streamId, "token", "{\"type\":\"token\",\"delta\":\"lo\"}");

        SseTestClient.Connection follower = sse(B).get("/api/v1/chat/streams/" + streamId, bearer(B));
        assertThat(follower.status()).isEqualTo(200);
        List<SseTestClient.Event> events = follower.rest(WAIT);

        assertThat(events).extracting(SseTestClient.Event::id)
                .containsExactly(streamId + ":1", streamId + ":2", streamId + ":2");
        SseTestClient.Event last = events.get(2);
        assertThat(last.name()).isEqualTo("error");
        assertThat(last.data().path("code").asText()).isEqualTo("UPSTREAM_TIMEOUT");
        assertThat(last.data().at("/error/details/inactivitySeconds").asDouble()).isEqualTo(4.0);
    }

    private static SseTestClient.Connection chat(int instance, UUID session, String question, Map<String, String> extra)
            throws Exception {
        Map<String, String> headers = new HashMap<>(bearer(instance));
        headers.putAll(extra);
        return sse(instance).post("/api/v1/chat", request(session, question), headers);
    }

    private static Map<String, Object> request(UUID session, String question) {
        return Map.of("sessionId", session.toString(), "messages", List.of(Map.of(
                "id", UUID.nameUUIDFromBytes((session + question).getBytes()).toString(),
                "role", "user", "content", question, "timestamp", "2026-11-25T10:00:00Z")));
    }

    private static SseTestClient sse(int instance) {
        return new SseTestClient(cluster.port(instance));
    }

    private static Map<String, String> bearer(int instance) throws Exception {
        String token = TOKENS.get(instance);
        if (token == null) {
            token = cluster.admin(instance).token();
            TOKENS.put(instance, token);
        }
        return Map.of("Authorization", "Bearer " + token);
    }

    private static JsonNode history(int instance, UUID session) throws Exception {
        GatewayClient.Answer answer = cluster.admin(instance).get("/api/v1/history/" + session);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static SimulatorRuns simulator(int instance) {
        return cluster.instance(instance).getBean(SimulatorRuns.class);
    }

    private static long runs(int instance) {
        return simulator(instance).started("agent:run");
    }

    private static ReplayLogStore log(int instance) {
        return cluster.instance(instance).getBean(ReplayLogStore.class);
    }

    private static String tokens(List<SseTestClient.Event> events) {
        return events.stream().filter(e -> e.name().equals("token")).map(e -> e.data().path("delta").asText())
                .collect(Collectors.joining());
    }

    private static void assertConsecutiveIds(List<SseTestClient.Event> events, String streamId) {
        assertThat(events).extracting(SseTestClient.Event::id).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, events.size()).mapToObj(i -> streamId + ":" + i).toList());
    }
}
