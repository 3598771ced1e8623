package dev.cortexgateway.routestests;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The gateway's log as the route-case runner reads it. In-process runs ({@link RouteCasesTest})
 * have one ({@link LogCapture}); a smoke run against a deployed gateway has none, so the runner
 * sees it only through this interface and needs no Logback on the smoke jar's class path.
 */
interface GatewayLog {

    /** Where the next case's log starts. */
    int mark();

    /** The log since {@code mark}. */
    List<String> since(int mark);

    /** Waits until the access line of each trace id is in the log (a case's log is complete only then). */
    void awaitAccessLines(Set<String> traceIds, Duration timeout);
}
