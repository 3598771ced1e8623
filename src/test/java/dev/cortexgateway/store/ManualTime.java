package dev.cortexgateway.store;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock and ticker that move only when a test says so, so TTL tests never race real time. */
public final class ManualTime extends Clock implements Ticker {

    private Instant now;
    private long nanos;

    public ManualTime(Instant start) {
        this.now = start;
    }

    public synchronized void advance(Duration step) {
        now = now.plus(step);
        nanos += step.toNanos();
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public synchronized long read() {
        return nanos;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("stores work in UTC");
    }
}
