package dev.cortexgateway.ws;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The deepest any connection's send queue has been since start, in messages and bytes: the evidence
 * (a gauge, and what the slow-consumer test reads) that the bound holds, independent of the heap.
 */
final class QueueHighWater {

    private final AtomicInteger messages = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    void record(int queuedMessages, long queuedBytes) {
        messages.accumulateAndGet(queuedMessages, Math::max);
        bytes.accumulateAndGet(queuedBytes, Math::max);
    }

    int messages() {
        return messages.get();
    }

    long bytes() {
        return bytes.get();
    }
}
