package dev.cortexgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault and shape directives, as a streaming client meets them. Timing bounds are loose on purpose. */
class ScenarioHttpTest extends SimulatorHttpTestBase {

    private static final String DATA_QUESTION = "What was the total revenue per year?";

    StreamPlayer player;

    /** The simulator's beans live in its own context, not in the gateway's. */
    @BeforeEach
    void simulatorBeans() {
        player = simulator.bean(StreamPlayer.class);
    }

    @Test
    void slowSpacesEventsByTheDelay() throws Exception {
        try (SimClient.Stream stream = client.stream(AGENT_RUN,
                SimClient.agentRun(DATA_QUESTION + " [[sim:slow delayMs=150]]"))) {
            List<SimClient.Event> events = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                events.add(stream.next(Duration.ofSeconds(5)));
            }
            long spanMillis = (events.get(7).arrivedNanos() - events.get(0).arrivedNanos()) / 1_000_000;
            assertThat(spanMillis).as("7 gaps of 150 ms").isGreaterThanOrEqualTo(7 * 150 * 8 / 10);
        }
    }

    @Test
    void longSendsExactlyTheRequestedTextDeltas() throws Exception {
        List<SimClient.Event> events;
        try (SimClient.Stream stream = client.stream(AGENT_RUN,
                SimClient.agentRun("[[sim:long events=300]] What is annual recurring revenue?"))) {
            events = stream.rest(STREAM_TIMEOUT);
        }
        List<SimClient.Event> deltas = events.stream().filter(e -> "response.text.delta".equals(e.name())).toList();
        assertThat(deltas).hasSize(300);
        String joined = deltas.stream().map(e -> e.json().path("text").asText()).collect(Collectors.joining());
        assertThat(joined).isEqualTo(only(events, "response.text").json().path("text").asText());
        assertThat(names(events)).contains("response");
    }

    @Test
    void stallGoesSilentThenContinues() throws Exception {
        try (SimClient.Stream stream = client.stream(AGENT_RUN,
                SimClient.agentRun(DATA_QUESTION + " [[sim:stall after=3 seconds=2]]"))) {
            List<SimClient.Event> first = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                first.add(stream.next(Duration.ofSeconds(5)));
            }
            SimClient.Event afterStall = stream.next(Duration.ofSeconds(10));
            assertThat(afterStall).isNotNull();
            long silenceMillis = (afterStall.arrivedNanos() - first.get(2).arrivedNanos()) / 1_000_000;
            // the stall's length is the behaviour: 2 s, with a wide margin above for a busy machine
            assertThat(silenceMillis).isBetween(1_700L, 8_000L);
            List<String> rest = names(stream.rest(STREAM_TIMEOUT));
            assertThat(rest).contains("response", "done");
        }
        assertThat(runs.completed()).isEqualTo(1);
    }

    @Test
    void dropClosesWithoutTheTerminalEvent() throws Exception {
        List<SimClient.Event> events;
        boolean broken;
        try (SimClient.Stream stream = client.stream(AGENT_RUN, SimClient.agentRun(DATA_QUESTION + " [[sim:drop after=4]]"))) {
            events = stream.rest(STREAM_TIMEOUT);
            broken = stream.endedWithError();
        }
        assertThat(broken).as("the body ends without its closing chunk").isTrue();
        assertThat(events).hasSize(4);
        assertThat(names(events)).doesNotContain("response", "done", "error");
        assertThat(runs.aborted()).isEqualTo(1);
        assertThat(runs.completed()).isZero();
    }

    @Test
    void dropAfterMoreEventsThanTheRunHasStillWithholdsTheResponse() throws Exception {
        List<SimClient.Event> events;
        try (SimClient.Stream stream = client.stream(AGENT_RUN, SimClient.agentRun(DATA_QUESTION + " [[sim:drop after=100000]]"))) {
            events = stream.rest(STREAM_TIMEOUT);
        }
        assertThat(names(events)).contains("response.text").doesNotContain("response", "done");
    }

    @Test
    void statusAnswersBeforeStreamingWithRetryAfter() throws Exception {
        HttpResponse<String> limited = client.post(AGENT_RUN,
                SimClient.agentRun("[[sim:status code=429 retryAfter=7]] " + DATA_QUESTION));
        assertSnowflakeError(limited, 429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(limited.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));

        HttpResponse<String> unavailable = client.post(AGENT_RUN, SimClient.agentRun("[[sim:status code=503]] hi"));
        assertSnowflakeError(unavailable, 503);
        assertThat(unavailable.headers().firstValue("Retry-After")).isEmpty();
        assertThat(runs.aborted()).isEqualTo(2);
    }

    @Test
    void errorSendsAnErrorEventAndCloses() throws Exception {
        List<SimClient.Event> events;
        try (SimClient.Stream stream = client.stream(AGENT_RUN, SimClient.agentRun(DATA_QUESTION + " [[sim:error after=3]]"))) {
            events = stream.rest(STREAM_TIMEOUT);
        }
        assertThat(events).hasSize(4);
        SimClient.Event error = events.get(3);
        assertThat(error.name()).isEqualTo("error");
        assertThat(error.json().path("code").asText()).isEqualTo("399504");
        assertThat(error.json().path("message").asText()).isNotBlank();
        assertThat(error.json().path("request_id").asText()).isNotBlank();
        assertThat(names(events)).doesNotContain("response");
    }

    @Test
    void toolsForcesTheFlow() throws Exception {
        List<SimClient.Event> chart = run("[[sim:tools tool=chart]] How are orders split by region?");
        String spec = only(chart, "response.chart").json().path("chart_spec").asText();
        JsonNode vega = SimClient.JSON.readTree(spec);
        assertThat(vega.path("$schema").asText()).contains("vega-lite");
        assertThat(vega.path("data").path("values")).hasSize(4);
        assertThat(names(chart)).contains("response.table");

        List<SimClient.Event> sql = run("[[sim:tools tool=sql]] How are orders split by region?");
        JsonNode use = only(sql, "response.tool_use").json();
        assertThat(use.path("type").asText()).isEqualTo("sql_exec");
        assertThat(use.path("input").path("sql").asText()).startsWith("SELECT");
        assertThat(names(sql)).contains("response.table").doesNotContain("response.tool_result.analyst.delta");

        List<SimClient.Event> search = run("[[sim:tools tool=search]] " + DATA_QUESTION);
        assertThat(only(search, "response.tool_use").json().path("type").asText()).isEqualTo("cortex_search");

        // combined with another directive; an unrecognised question gives the analyst's suggestions
        List<SimClient.Event> analyst = run("[[sim:tools tool=analyst]] [[sim:slow delayMs=20]] Tell me a joke");
        assertThat(only(analyst, "response.tool_result.analyst.delta").json().path("delta").path("suggestions")
                .path("delta")).isNotEmpty();
        assertThat(names(analyst)).doesNotContain("response.table");
    }

    @Test
    void clientDisconnectCancelsTheRunAndStopsEmission() throws Exception {
        try (SimClient.Stream stream = client.stream(AGENT_RUN,
                SimClient.agentRun("[[sim:slow delayMs=100]] [[sim:long events=200]] " + DATA_QUESTION))) {
            for (int i = 0; i < 3; i++) {
                stream.next(Duration.ofSeconds(5));
            }
        }
        await(() -> runs.cancelled() == 1, Duration.ofSeconds(10));
        assertThat(runs.activeStreams()).isZero();
        long sent = runs.eventsSent();
        // a negative: nothing is sent for six of the run's 100 ms event gaps (a busy machine can
        // only make this pass more easily, never fail it)
        Awaitility.await("nothing sent after the cancel").during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                .until(() -> runs.eventsSent() == sent);
        assertThat(sent).isLessThan(50);
        assertThat(runs.completed()).isZero();
        assertThat(player.pendingTasks()).isZero();
    }

    @Test
    void disconnectDuringAStallIsNoticedWhenTheStallEnds() throws Exception {
        try (SimClient.Stream stream = client.stream(AGENT_RUN,
                SimClient.agentRun("[[sim:stall after=2 seconds=1]] [[sim:slow delayMs=100]] [[sim:long events=100]] hello"))) {
            stream.next(Duration.ofSeconds(5));
            stream.next(Duration.ofSeconds(5));
        }
        await(() -> runs.cancelled() == 1, Duration.ofSeconds(10));
        assertThat(runs.completed()).isZero();
    }

    @Test
    void nonStreamingHonoursStatusStallAndError() throws Exception {
        Map<String, Object> limited = Map.of("stream", false,
                "messages", List.of(SimClient.userMessage("[[sim:status code=429 retryAfter=2]] hi")));
        assertSnowflakeError(client.post(AGENT_RUN, limited), 429);

        Map<String, Object> stalled = Map.of("stream", false,
                "messages", List.of(SimClient.userMessage("[[sim:stall seconds=1]] " + DATA_QUESTION)));
        long started = System.nanoTime();
        HttpResponse<String> late = client.post(AGENT_RUN, stalled);
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(900);
        assertThat(json(late).path("role").asText()).isEqualTo("assistant");

        Map<String, Object> failing = Map.of("stream", false,
                "messages", List.of(SimClient.userMessage("[[sim:error]] " + DATA_QUESTION)));
        HttpResponse<String> failed = client.post(AGENT_RUN, failing);
        assertSnowflakeError(failed, 500);
        assertThat(json(failed).path("code").asText()).isEqualTo("399504");
    }

    @Test
    void holdsManyStalledStreamsOnItsFewSchedulerThreads() throws Exception {
        int count = 300;
        List<SimClient.Stream> streams = new ArrayList<>();
        try {
            // the stall outlasts opening all the streams even on a busy machine (3 s did not, at load 10+)
            for (int i = 0; i < count; i++) {
                streams.add(client.stream(AGENT_RUN, SimClient.agentRun("[[sim:stall after=1 seconds=12]] hello " + i)));
            }
            for (SimClient.Stream stream : streams) {
                assertThat(stream.next(Duration.ofSeconds(10)).name()).isEqualTo("response.status");
            }
            assertThat(runs.activeStreams()).isEqualTo(count);
            long simulatorThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("cortex-sim-stream-")).count();
            assertThat(simulatorThreads).isLessThanOrEqualTo(16);
            for (SimClient.Stream stream : streams) {
                assertThat(names(stream.rest(STREAM_TIMEOUT))).contains("response");
            }
            assertThat(runs.completed()).isEqualTo(count);
        } finally {
            streams.forEach(SimClient.Stream::close);
        }
    }

    private List<SimClient.Event> run(String question) throws Exception {
        try (SimClient.Stream stream = client.stream(AGENT_RUN, SimClient.agentRun(question))) {
            return stream.rest(STREAM_TIMEOUT);
        }
    }
}
