package dev.cortexgateway.chat;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

/**
 * The concurrency cap of the chat pipeline on the Cortex upstream: at most
 * {@code gateway.chat.max-open-runs} agent runs open at once on this instance.
 *
 * <p>Why not the throttle EIP: in {@code ConcurrentRequests} mode it counts exchanges inside the
 * route, and the chat exchange ends when the dispatch step returns, while the Cortex run it started
 * goes on streaming for minutes. A throttle there would count dispatches, not open runs, and let an
 * unbounded number of runs pile up upstream. So the route has a step of its own ({@code reserve})
 * that takes a slot, and the slot is handed to the run, which gives it back when it ends (final,
 * error, cancelled, abandoned). A request that starts no run (a refusal, a resume) gives it back
 * when its exchange completes.
 */
@Component("chatRunSlots")
public final class ChatRunSlots {


    private final int capacity;
    private final Semaphore slots;

    public ChatRunSlots(ChatProperties properties, MeterRegistry meters) {
        this.capacity = properties.maxOpenRuns();
        this.slots = new Semaphore(capacity);
        Gauge.builder("gateway.chat.open.runs", this, ChatRunSlots::open)
                .description("Cortex agent runs open (dispatching or streaming) on this instance").register(meters);
        // the cap beside the count, so an alert divides by the setting each instance really runs with
        Gauge.builder("gateway.chat.max.open.runs", this, slots -> slots.capacity)
                .description("gateway.chat.max-open-runs: the most agent runs this instance opens at once").register(meters);
    }

    /** The pipeline step: takes a slot for the run this request will start, or answers 429. */
    public void reserve(Exchange exchange) {
        if (!slots.tryAcquire()) {
            throw new GatewayException(ErrorCode.RATE_LIMITED, "The gateway has as many chat runs open to Snowflake Cortex as it may",
                    "Retry after details.retryAfterSeconds seconds", Map.of("retryAfterSeconds", 1, "maxOpenRuns", capacity));
        }
        Slot slot = new Slot(slots);
        exchange.setProperty(ExchangeKeys.CHAT_RUN_SLOT, slot);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                slot.releaseUnlessHandedOver();
            }
        });
    }

    int open() {
        return capacity - slots.availablePermits();
    }

    /** One taken slot; released exactly once, by the request or by the run it was handed to. */
    static final class Slot {

        private final Semaphore slots;
        private final AtomicBoolean handedOver = new AtomicBoolean();
        private final AtomicBoolean released = new AtomicBoolean();

        Slot(Semaphore slots) {
            this.slots = slots;
        }

        /** From now on the run holds the slot and gives it back when it ends. */
        void handOverTo(ChatRun run) {
            if (handedOver.compareAndSet(false, true)) {
                run.whenEnded(this::release);
            }
        }

        void releaseUnlessHandedOver() {
            if (!handedOver.get()) {
                release();
            }
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                slots.release();
            }
        }
    }
}
