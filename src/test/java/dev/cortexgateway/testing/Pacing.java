package dev.cortexgateway.testing;

import java.time.Duration;

/**
 * The one place a test sleeps on purpose: to pace a fake upstream's writes or a load loop, as a
 * real peer would. Never to wait for an outcome: a test waits for a condition with Awaitility
 * ({@code await().atMost(...).until(...)}), which polls and fails with what it last saw.
 */
public final class Pacing {

    private Pacing() {
    }

    public static void pause(Duration pause) throws InterruptedException {
        Thread.sleep(pause.toMillis());
    }
}
