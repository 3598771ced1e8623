package dev.cortexgateway.tools;

import java.time.Instant;

/**
 * Calls counted in the last 24 hours, by the minute: 1,440 buckets, each remembering which minute it
 * counts, so a bucket left from yesterday is not added in. The count covers the last 24 hours to the
 * minute (the current minute included).
 */
final class DayWindow {

    static final int MINUTES = 24 * 60;

    private final long[] minuteOf = new long[MINUTES];
    private final long[] counts = new long[MINUTES];

    synchronized void record(Instant at) {
        long minute = at.getEpochSecond() / 60;
        int slot = (int) Math.floorMod(minute, (long) MINUTES);
        if (minuteOf[slot] != minute) {
            minuteOf[slot] = minute;
            counts[slot] = 0;
        }
        counts[slot]++;
    }

    synchronized long count(Instant now) {
        long current = now.getEpochSecond() / 60;
        long total = 0;
        for (int slot = 0; slot < MINUTES; slot++) {
            if (counts[slot] > 0 && minuteOf[slot] > current - MINUTES && minuteOf[slot] <= current) {
                total += counts[slot];
            }
        }
        return total;
    }
}
