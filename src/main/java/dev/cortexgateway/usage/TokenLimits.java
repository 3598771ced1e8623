package dev.cortexgateway.usage;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.store.RateLimitStore;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Tokens per minute per client: a Bucket4j bucket (in the rate-limit store, so on Redis across
 * instances in the cluster profile) that holds a minute's tokens and refills continuously. An answer
 * takes the tokens it used after the fact, which may leave the bucket negative; a request is refused
 * with 429 RATE_LIMITED while it is empty or negative, so a client runs at its rate on average
 * however large its single answers are.
 */
@Component
public final class TokenLimits {

    static final String GROUP = "tokens-per-minute";
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final UsageProperties.TokensPerMinute perMinute;
    private final RateLimitStore buckets;

    public TokenLimits(UsageProperties properties, RateLimitStore buckets) {
        this.perMinute = properties.tokensPerMinute();
        this.buckets = buckets;
    }

    void check(String clientId) {
        Long rate = perMinute.of(clientId);
        if (rate == null) {
            return;
        }
        long available = buckets.available(key(clientId), limit(rate));
        if (available > 0) {
            return;
        }
        // the wait until the bucket holds one token again
        long retryAfter = Math.max(1, (long) Math.ceil((1 - available) * 60.0 / rate));
        throw new GatewayException(ErrorCode.RATE_LIMITED, "This client has used its tokens per minute",
                "Wait Retry-After seconds before calling again", Map.of("group", GROUP, "limit", rate,
                "retryAfterSeconds", retryAfter, "bucket", "client-tokens"));
    }

    void consume(String clientId, long tokens) {
        Long rate = perMinute.of(clientId);
        if (rate != null && tokens > 0) {
            buckets.consume(key(clientId), limit(rate), tokens);
        }
    }

    private static String key(String clientId) {
        return GROUP + "|CLIENT|" + clientId;
    }

    private static RateLimitStore.Limit limit(long rate) {
        return new RateLimitStore.Limit(rate, rate, MINUTE);
    }
}
