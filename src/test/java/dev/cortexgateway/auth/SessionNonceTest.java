package dev.cortexgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.config.InProcessStoreProperties;
import dev.cortexgateway.store.InProcessNonceStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A nonce is one UUID whatever the case of its hex digits (the HTTP replay cases: routes-tests/security). */
class SessionNonceTest {

    @Test
    void everySpellingOfOneUuidHasOneCanonicalForm() {
        String canonical = "3f6c1d2e-9a4b-4c7d-8e1f-a2b3c4d5e6f7";
        assertThat(SessionNonce.canonical(canonical)).isEqualTo(canonical);
        assertThat(SessionNonce.canonical("3F6C1D2E-9A4B-4C7D-8E1F-A2B3C4D5E6F7")).isEqualTo(canonical);
        assertThat(SessionNonce.canonical("3f6C1d2E-9a4B-4c7D-8e1F-a2B3c4D5e6F7")).isEqualTo(canonical);
        assertThat(SessionNonce.canonical(" " + canonical + "\t")).isEqualTo(canonical);
    }

    @Test
    void aStoreGivenCanonicalFormsSeesTheUpperCasedCopyAsAReplay() {
        InProcessNonceStore store = new InProcessNonceStore(new InProcessStoreProperties(new InProcessStoreProperties.Nonces(1000), null, null));
        Duration ttl = Duration.ofMinutes(5);
        assertThat(store.markIfNew("demo-web", SessionNonce.canonical("0b8e7d6c-5a4f-4e3d-9c2b-1a0f9e8d7c6b"), ttl)).isTrue();
        assertThat(store.markIfNew("demo-web", SessionNonce.canonical("0B8E7D6C-5A4F-4E3D-9C2B-1A0F9E8D7C6B"), ttl)).isFalse();
    }
}
