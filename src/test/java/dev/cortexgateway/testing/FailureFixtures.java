package dev.cortexgateway.testing;

import java.net.http.HttpTimeoutException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ValidationException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.processor.ThrottlerRejectedExecutionException;

/**
 * The failures the error mapping of routes/shared/gateway-errors.yaml names by class, thrown on demand
 * by the fixture route {@code GET /api/v1/fixtures/failure/{kind}} (test-routes/fixtures.yaml) so
 * the route cases under routes-tests/shared/ can check each block's answer. Each message carries a
 * secret that must never reach the client.
 */
public final class FailureFixtures {

    static final String SECRET = "password=hunter2";

    private FailureFixtures() {
    }

    public static void fail(Exchange exchange, String kind) throws Exception {
        throw switch (kind) {
            case "throttled" -> new ThrottlerRejectedExecutionException("throttled " + SECRET);
            case "upstream-timeout" -> new HttpTimeoutException("timed out " + SECRET);
            case "camel-validation" -> new ValidationException(exchange, "invalid " + SECRET);
            default -> {
                if (kind.startsWith("upstream-")) {
                    int status = Integer.parseInt(kind.substring("upstream-".length()));
                    yield new HttpOperationFailedException("http://upstream.internal/?" + SECRET, status, "status " + status,
                            null, Map.of(), "{\"body\":\"" + SECRET + "\"}");
                }
                yield new IllegalArgumentException("no failure named " + kind);
            }
        };
    }
}
