package dev.cortexgateway.routestests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventsTest {

    @Test
    void parsesNamedEventsSkipsHeartbeatsAndJoinsDataLines() throws Exception {
        String stream = "retry: 3000\n\n"
                + ": heartbeat\n\n"
                + "id: s1:1\nevent: token\ndata: {\"type\":\"token\",\"delta\":\"Hi\",\"index\":0}\n\n"
                + ": heartbeat\n"
                + "id: s1:2\nevent: final\ndata: line one\ndata: line two\n\n";

        List<SseEvents.Event> events = SseEvents.parse(stream);

        assertThat(events).containsExactly(
                new SseEvents.Event("s1:1", "token", "{\"type\":\"token\",\"delta\":\"Hi\",\"index\":0}"),
                new SseEvents.Event("s1:2", "final", "line one\nline two"));
    }
}
