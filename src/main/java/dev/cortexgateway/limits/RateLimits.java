package dev.cortexgateway.limits;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.jwt.VerifiedToken;
import dev.cortexgateway.store.RateLimitStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The throttle step of a route, one line in its YAML pipeline:
 * {@code bean: {ref: rateLimits, method: "take(*, 'chat')"}}. Takes one token from the caller's
 * bucket of that group (the owner after tokenCheck, or the IP), and for an end user of a client
 * also one from the client's aggregate bucket, so one noisy user is stopped by its own bucket long
 * before the client's users together are; puts the limit headers (of the emptier bucket) on the
 * answer whatever it turns out to be, and refuses with 429 RATE_LIMITED when a bucket is empty.
 *
 * <p>{@code X-RateLimit-Reset} is the Unix time (epoch seconds, rounded up) at which the bucket is
 * full again, so a client that waits until then has the whole burst back; {@code X-RateLimit-Window}
 * is the seconds an empty bucket takes to fill (capacity / refill rate: the refill period when they
 * are equal), so Reset is never more than Window seconds away. {@code Retry-After} on a 429 is the
 * whole seconds until the next single token, at least 1.
 *
 * <p>Each refusal is counted as {@value #REJECTED}{@code {group, client, bucket}}: the client id, never
 * the end user or the IP (those are unbounded label values), empty for the per-IP groups.
 */
@Component("rateLimits")
public final class RateLimits {

    public static final String LIMIT = "X-RateLimit-Limit";
    public static final String REMAINING = "X-RateLimit-Remaining";
    public static final String RESET = "X-RateLimit-Reset";
    public static final String WINDOW = "X-RateLimit-Window";

    public static final String REJECTED = "gateway.rate.limit.rejected";

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final RateLimitProperties properties;
    private final RateLimitStore store;
    private final ClientAddress addresses;
    private final Clock clock;
    private final MeterRegistry meters;

    public RateLimits(RateLimitProperties properties, RateLimitStore store, ClientAddress addresses, Clock clock,
                      MeterRegistry meters) {
        this.meters = meters;
        this.properties = properties;
        this.store = store;
        this.addresses = addresses;
        this.clock = clock;
    }

    public void take(Exchange exchange, String groupName) {
        RateLimitProperties.Group group = group(groupName);
        if (!properties.enabled()) {
            return;
        }
        RateLimitStore.Probe probe;
        long limit = group.capacity();
        RateLimitStore.Limit shape = group.limit();
        String refusedBy = "caller";
        String clientId = "";
        if (group.key() == RateLimitProperties.Key.IP) {
            probe = store.take(groupName + '|' + group.key() + '|' + addresses.of(exchange), group.limit());
        } else {
            Owner owner = owner(exchange, groupName);
            clientId = owner.clientId();
            // the same bucket key as before per-user identity, so a confidential client's bucket is unchanged
            probe = store.take(groupName + '|' + group.key() + '|' + owner.key(), group.limit());
            if (probe.taken() && owner.subject() != null) {
                RateLimitStore.Probe aggregate = store.take(groupName + "|CLIENT_AGGREGATE|" + owner.clientId(),
                        group.clientLimit());
                if (!aggregate.taken() || aggregate.remaining() < probe.remaining()) {
                    probe = aggregate;
                    limit = group.clientLimit().capacity();
                    shape = group.clientLimit();
                    refusedBy = "client";
                }
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(LIMIT, Long.toString(limit));
        headers.put(REMAINING, Long.toString(probe.remaining()));
        headers.put(RESET, Long.toString(resetEpochSecond(probe.nanosToFull())));
        headers.put(WINDOW, Long.toString(windowSeconds(shape)));
        exchange.setProperty(ExchangeKeys.RATE_LIMIT_HEADERS, Map.copyOf(headers));
        headers.forEach(exchange.getMessage()::setHeader);
        if (!probe.taken()) {
            long retryAfter = Math.max(1, ceilSeconds(probe.nanosToNextToken()));
            Counter.builder(REJECTED).description("requests refused with 429 RATE_LIMITED by a rate-limit group")
                    .tag("group", groupName).tag("client", clientId).tag("bucket", refusedBy)
                    .register(meters).increment();
            throw new GatewayException(ErrorCode.RATE_LIMITED, "Too many requests to this endpoint",
                    "Wait Retry-After seconds before calling again; X-RateLimit-Remaining says how many calls are left",
                    Map.of("group", groupName, "limit", limit, "retryAfterSeconds", retryAfter, "bucket", refusedBy));
        }
    }

    /** The limit headers a step put on this exchange (empty when no step ran or limits are off). */
    @SuppressWarnings("unchecked")
    public static Map<String, String> headers(Exchange exchange) {
        Map<String, String> headers = exchange.getProperty(ExchangeKeys.RATE_LIMIT_HEADERS, Map.class);
        return headers == null ? Map.of() : headers;
    }

    /** The group's settings; a name that is not configured is a bug in a route, never a free pass. */
    RateLimitProperties.Group group(String groupName) {
        RateLimitProperties.Group group = properties.groups().get(groupName);
        if (group == null) {
            throw new IllegalStateException("no rate-limit group '" + groupName + "' under gateway.rate-limits.groups");
        }
        return group;
    }

    private static Owner owner(Exchange exchange, String groupName) {
        if (exchange.getProperty(ExchangeKeys.PRINCIPAL, VerifiedToken.class) == null) {
            throw new IllegalStateException("rate-limit group '" + groupName + "' is per client: put the step after tokenCheck");
        }
        return Owner.of(exchange);
    }

    /** The epoch second, rounded up, at which a bucket that is {@code nanosToFull} from full is full. */
    private long resetEpochSecond(long nanosToFull) {
        Instant full = clock.instant().plusNanos(Math.max(0, nanosToFull));
        return full.getNano() == 0 ? full.getEpochSecond() : full.getEpochSecond() + 1;
    }

    /** Seconds an empty bucket takes to fill, rounded up: the window its capacity is spread over. */
    static long windowSeconds(RateLimitStore.Limit limit) {
        BigInteger nanos = BigInteger.valueOf(limit.refillPeriod().toNanos()).multiply(BigInteger.valueOf(limit.capacity()));
        BigInteger[] seconds = nanos.divideAndRemainder(
                BigInteger.valueOf(NANOS_PER_SECOND).multiply(BigInteger.valueOf(limit.refillTokens())));
        return seconds[0].add(seconds[1].signum() > 0 ? BigInteger.ONE : BigInteger.ZERO)
                .min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }

    private static long ceilSeconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    }
}
