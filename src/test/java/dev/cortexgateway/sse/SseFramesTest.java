package dev.cortexgateway.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SseFramesTest {

    @Test
    void eventHasIdNameDataAndABlankLine() {
        assertThat(SseFrames.event("s1:7", "token", "{\"type\":\"token\",\"text\":\"hi\"}"))
                .isEqualTo("id: s1:7\nevent: token\ndata: {\"type\":\"token\",\"text\":\"hi\"}\n\n");
    }

    @Test
    void multiLineDataBecomesOneDataLinePerLine() {
        assertThat(SseFrames.event("s1:1", "final", "{\n  \"a\": 1\r\n}"))
                .isEqualTo("id: s1:1\nevent: final\ndata: {\ndata:   \"a\": 1\ndata: }\n\n");
    }

    @Test
    void bareDataHasNoIdNorEventNameAsOpenAiClientsRead() {
        assertThat(SseFrames.data("[DONE]")).isEqualTo("data: [DONE]\n\n");
        assertThatThrownBy(() -> SseFrames.data("a\nid: forged")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retryIsInMilliseconds() {
        assertThat(SseFrames.retry(Duration.ofSeconds(3))).isEqualTo("retry: 3000\n\n");
    }

    @Test
    void reconnectFrameHasRetryAndNoIdSoTheClientKeepsItsLastEventId() {
        assertThat(SseFrames.unidentified("reconnect", "{\"type\":\"reconnect\"}", Duration.ofMillis(500)))
                .isEqualTo("retry: 500\nevent: reconnect\ndata: {\"type\":\"reconnect\"}\n\n");
        assertThatThrownBy(() -> SseFrames.unidentified("reconnect", "{}\nid: forged", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data");
    }

    @Test
    void heartbeatIsACommentLine() {
        assertThat(SseFrames.HEARTBEAT).isEqualTo(": heartbeat\n\n");
    }

    @Test
    void lineBreaksInSingleLineFieldsAreRefused() {
        assertThatThrownBy(() -> SseFrames.event("s1:1\ndata: injected", "token", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> SseFrames.event("s1:1", "token\r", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event");
        assertThatThrownBy(() -> SseFrames.comment("a\nb"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("comment");
    }

    @Test
    void nulInIdIsRefusedBecauseClientsWouldDropTheId() {
        assertThatThrownBy(() -> SseFrames.event("s1\0", "token", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    }

    @Test
    void negativeRetryIsRefused() {
        assertThatThrownBy(() -> SseFrames.retry(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
