package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.config.InProcessStoreProperties;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The contract, plus what only memory does: TTL to the nanosecond on a manual ticker, a bounded number of entries. */
class InProcessResponseCacheStoreTest extends ResponseCacheStoreContract {

    private final InProcessResponseCacheStore cache = cache(100);

    @Override
    protected ResponseCacheStore store() {
        return cache;
    }

    /** Seconds, not milliseconds: Caffeine's timer wheel evicts (and stops counting) an expired entry at about 1 s granularity. */
    @Override
    protected Duration shortTtl() {
        return Duration.ofSeconds(10);
    }

    @Override
    protected void letExpire(String key, Duration ttl) {
        time.advance(ttl);
    }

    @Test
    void anEntryLivesUntilTheLastNanosecondOfItsTtl() {
        cache.put("short", "1", meta("short"), Duration.ofSeconds(10));

        time.advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(cache.get("short")).isPresent();

        time.advance(Duration.ofNanos(1));
        assertThat(cache.get("short")).isEmpty();
    }

    @Test
    void replacingAnEntryRestartsItsTtl() {
        cache.put("q", "old", meta("q"), TTL);
        time.advance(Duration.ofMinutes(4));
        cache.put("q", "new", meta("q"), TTL);
        time.advance(Duration.ofMinutes(4));

        assertThat(cache.get("q").orElseThrow().value()).isEqualTo("new");
    }

    @Test
    void theNumberOfEntriesIsBounded() {
        InProcessResponseCacheStore small = cache(10);
        IntStream.range(0, 200).forEach(i -> small.put("k" + i, "v", meta("k" + i), TTL));

        assertThat(small.stats().entries()).isLessThanOrEqualTo(10);
    }

    private InProcessResponseCacheStore cache(long maxEntries) {
        return new InProcessResponseCacheStore(new InProcessStoreProperties.Cache(maxEntries), time, time);
    }
}
