package dev.cortexgateway.testing;

import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Awaitility's defaults for the whole suite, set once per test JVM (registered in
 * META-INF/services). By default an await rethrows any exception left uncaught in any thread of
 * the JVM while it waits; in tests that run the gateway in the same JVM that turns a server
 * thread's internal failure (Tomcat's WebSocket writer meeting a session the gateway has just
 * closed) into a failure of whichever test happened to be waiting. Tests judge the gateway by
 * what it answers, so awaits check their own condition only.
 */
public final class AwaitilityDefaults implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
    }
}
