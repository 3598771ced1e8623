package dev.cortexgateway.bench;

import dev.cortexgateway.sse.SseStreams;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Bench-only: {@code GET /bench/sse-probe} opens a stream that sends the retry hint and then only
 * heartbeats, which is what a stalled chat stream looks like, so bench/serving.sh can hold 1,000
 * streams open before the chat route exists. Off unless {@code gateway.bench.sse-probe=true}; the
 * endpoint does not exist otherwise (404) and must never be enabled in a deployment: it is
 * unauthenticated and holds a connection for as long as the client wants.
 */
@RestController
@ConditionalOnProperty(name = "gateway.bench.sse-probe", havingValue = "true")
public final class SseProbeController {

    private final SseStreams streams;

    public SseProbeController(SseStreams streams) {
        this.streams = streams;
    }

    @GetMapping(path = "/bench/sse-probe", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public ResponseEntity<SseEmitter> probe() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(streams.open().emitter());
    }
}
