package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.config.InProcessStoreProperties;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InProcessNonceStoreTest {

    private static final Duration TTL = Duration.ofSeconds(300);

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final InProcessNonceStore store = new InProcessNonceStore(new InProcessStoreProperties.Nonces(1000), time);

    @Test
    void aNonceIsAcceptedOncePerClient() {
        assertThat(store.markIfNew("react-app", "n-1", TTL)).isTrue();
        assertThat(store.markIfNew("react-app", "n-1", TTL)).isFalse();
        assertThat(store.markIfNew("vue-app", "n-1", TTL)).isTrue();
        assertThat(store.markIfNew("react-app", "n-2", TTL)).isTrue();
    }

    @Test
    void aNonceIsRememberedForItsWholeTtlAndForgottenAfter() {
        store.markIfNew("react-app", "n-1", TTL);

        time.advance(TTL.minusNanos(1));
        assertThat(store.markIfNew("react-app", "n-1", TTL)).isFalse();

        time.advance(Duration.ofNanos(1));
        assertThat(store.markIfNew("react-app", "n-1", TTL)).isTrue();
    }

    @Test
    void eachNonceKeepsItsOwnTtl() {
        store.markIfNew("app", "short", Duration.ofSeconds(10));
        store.markIfNew("app", "long", Duration.ofSeconds(100));

        time.advance(Duration.ofSeconds(50));

        assertThat(store.markIfNew("app", "short", TTL)).isTrue();
        assertThat(store.markIfNew("app", "long", TTL)).isFalse();
    }

    @Test
    void expiredNoncesAreEvicted() {
        for (int i = 0; i < 100; i++) {
            store.markIfNew("app", "n-" + i, TTL);
        }
        assertThat(store.size()).isEqualTo(100);

        time.advance(TTL);

        assertThat(store.size()).isZero();
    }

    @Test
    void memoryIsBounded() {
        InProcessNonceStore small = new InProcessNonceStore(new InProcessStoreProperties.Nonces(10), time);
        for (int i = 0; i < 500; i++) {
            small.markIfNew("app", "n-" + i, TTL);
        }

        assertThat(small.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void aTtlMustBePositive() {
        assertThatThrownBy(() -> store.markIfNew("app", "n", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
