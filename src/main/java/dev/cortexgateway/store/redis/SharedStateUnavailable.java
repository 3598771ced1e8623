package dev.cortexgateway.store.redis;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.util.Map;

/**
 * The refusal a Redis store answers with when Redis does not answer and its outage policy is DENY:
 * 503 SERVICE_UNAVAILABLE with a Retry-After, naming the kind of state only (never a host or key).
 * Thrown as the gateway's own exception so every caller (routes, the chat stream, WebSockets) renders
 * it as the error envelope without knowing about Redis.
 */
final class SharedStateUnavailable {

    /** Lettuce reconnects within seconds of Redis coming back; a client retrying sooner only adds load. */
    static final int RETRY_AFTER_SECONDS = 5;

    private SharedStateUnavailable() {
    }

    static GatewayException refusal(String kind) {
        return new GatewayException(ErrorCode.SERVICE_UNAVAILABLE,
                "The gateway's shared " + kind + " store is unavailable",
                "Retry after Retry-After seconds; operators: check Redis (gateway.stores.redis.url)",
                Map.of("store", kind, "retryAfterSeconds", RETRY_AFTER_SECONDS));
    }
}
