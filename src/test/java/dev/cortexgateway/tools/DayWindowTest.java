package dev.cortexgateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DayWindowTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:30Z");

    @Test
    void countsTheLast24HoursToTheMinute() {
        DayWindow window = new DayWindow();
        window.record(T0);
        window.record(T0.plus(Duration.ofHours(23)));
        window.record(T0.plus(Duration.ofHours(23)));

        assertThat(window.count(T0.plus(Duration.ofHours(23)))).isEqualTo(3);
        assertThat(window.count(T0.plus(Duration.ofHours(24)).minusSeconds(31))).as("the first call's minute is still in").isEqualTo(3);
        assertThat(window.count(T0.plus(Duration.ofHours(24)))).as("the first call's minute has left").isEqualTo(2);
        assertThat(window.count(T0.plus(Duration.ofHours(48)))).isZero();
    }

    @Test
    void aBucketFromYesterdayIsResetNotAddedTo() {
        DayWindow window = new DayWindow();
        window.record(T0);
        window.record(T0.plus(Duration.ofDays(1)));

        assertThat(window.count(T0.plus(Duration.ofDays(1)))).isEqualTo(1);
    }
}
