package dev.cortexgateway.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Request counts over a sliding window made of fixed slots (a ring): adding is a few atomic
 * increments and reading sums the slots still inside the window, so memory stays constant however
 * much traffic a route sees. A slot is reset when time comes back round to it.
 */
final class SlidingCounts {

    private static final int REQUESTS = 0;
    private static final int CLIENT_ERRORS = 1;
    private static final int SERVER_ERRORS = 2;
    private static final int FIELDS = 3;

    private final long slotMillis;
    private final int slots;
    /** The slot number (time / slotMillis) each ring position currently holds. */
    private final AtomicLongArray epochs;
    private final AtomicLongArray counts;

    SlidingCounts(Duration window, Duration slot) {
        this.slotMillis = slot.toMillis();
        this.slots = (int) (window.toMillis() / slotMillis);
        this.epochs = new AtomicLongArray(slots);
        this.counts = new AtomicLongArray(slots * FIELDS);
    }

    void add(long nowMillis, int status) {
        int index = current(nowMillis);
        counts.incrementAndGet(index * FIELDS + REQUESTS);
        if (status >= 500) {
            counts.incrementAndGet(index * FIELDS + SERVER_ERRORS);
        } else if (status >= 400) {
            counts.incrementAndGet(index * FIELDS + CLIENT_ERRORS);
        }
    }

    Totals totals(long nowMillis) {
        long slot = nowMillis / slotMillis;
        long requests = 0;
        long clientErrors = 0;
        long serverErrors = 0;
        synchronized (epochs) {
            for (int i = 0; i < slots; i++) {
                if (slot - epochs.get(i) < slots) {
                    requests += counts.get(i * FIELDS + REQUESTS);
                    clientErrors += counts.get(i * FIELDS + CLIENT_ERRORS);
                    serverErrors += counts.get(i * FIELDS + SERVER_ERRORS);
                }
            }
        }
        return new Totals(requests, clientErrors, serverErrors);
    }

    /** The ring position of now, cleared first when it still holds an older slot. */
    private int current(long nowMillis) {
        long slot = nowMillis / slotMillis;
        int index = (int) (slot % slots);
        if (epochs.get(index) != slot) {
            synchronized (epochs) {
                if (epochs.get(index) != slot) {
                    for (int f = 0; f < FIELDS; f++) {
                        counts.set(index * FIELDS + f, 0);
                    }
                    epochs.set(index, slot);
                }
            }
        }
        return index;
    }

    record Totals(long requests, long clientErrors, long serverErrors) {
    }
}
