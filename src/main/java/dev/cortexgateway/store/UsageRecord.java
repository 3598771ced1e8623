package dev.cortexgateway.store;

import java.time.Instant;

/**
 * What one request used of one model: a row of {@code usage_records}.
 *
 * @param requestId    the gateway's id of the request; rows of one request (one per model) share it
 * @param userSubject  the end user ({@code identity.Owner#subject()}), null for a client acting for itself
 * @param model        the model Cortex named, {@code ""} when it reported no tokens
 * @param outcome      {@code ok}, {@code error} or {@code cancelled}
 */
public record UsageRecord(String requestId, Instant recordedAt, String clientId, String userSubject, String routeId,
                          String model, long inputTokens, long outputTokens, long latencyMs, boolean cacheHit,
                          String outcome) {

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
