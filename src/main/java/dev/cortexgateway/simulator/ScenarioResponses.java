package dev.cortexgateway.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The scenarios that apply to JSON (non-streaming) answers: {@code status} refuses before any
 * work, {@code error} answers 500 with Snowflake's execution error, {@code stall} delays the whole
 * answer on the shared scheduler (no thread waits). {@code slow}, {@code long} and {@code drop}
 * only shape streams.
 */
@Component
public final class ScenarioResponses {

    private final ObjectMapper json;
    private final SimulatorRuns runs;
    private final StreamPlayer player;
    private final long timeoutMillis;

    public ScenarioResponses(ObjectMapper json, SimulatorRuns runs, StreamPlayer player, SimulatorProperties properties) {
        this.json = json;
        this.runs = runs;
        this.player = player;
        this.timeoutMillis = properties.runTimeout().toMillis();
    }

    /** Throws the {@code status} scenario's error, counted as an aborted run. */
    void refuseIfAsked(Scenario scenario) {
        if (scenario.status() == null) {
            return;
        }
        runs.recordAborted();
        HttpStatus known = HttpStatus.resolve(scenario.status());
        String message = known == null ? "Error " + scenario.status() : known.getReasonPhrase();
        throw new SnowflakeError(HttpStatusCode.valueOf(scenario.status()), "390" + scenario.status(), message,
                scenario.retryAfter());
    }

    /** A JSON answer, after the scenario's stall if any. */
    Object json(Scenario scenario, String requestId, Supplier<ObjectNode> body) {
        if (scenario.errorAfter() != null) {
            runs.recordAborted();
            throw new SnowflakeError(HttpStatus.INTERNAL_SERVER_ERROR, SnowflakeError.EXECUTION, "Error during execution", null);
        }
        if (scenario.stall() == null || scenario.stall().isZero()) {
            runs.recordCompleted();
            return ok(body.get());
        }
        DeferredResult<ResponseEntity<ObjectNode>> deferred = new DeferredResult<>(timeoutMillis);
        AtomicBoolean ended = new AtomicBoolean();
        ScheduledFuture<?> task = player.later(scenario.stall(), () -> {
            if (ended.compareAndSet(false, true)) {
                runs.recordCompleted();
                deferred.setResult(ok(body.get()));
            }
        });
        Runnable gone = () -> {
            if (ended.compareAndSet(false, true)) {
                task.cancel(false);
                runs.recordCancelled();
            }
        };
        deferred.onTimeout(gone);
        deferred.onError(error -> gone.run());
        deferred.onCompletion(gone);
        return deferred;
    }

    private static ResponseEntity<ObjectNode> ok(ObjectNode body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
