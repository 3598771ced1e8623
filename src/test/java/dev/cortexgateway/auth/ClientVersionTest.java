package dev.cortexgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientVersionTest {

    @Test
    void ordersLikeSemanticVersions() {
        assertThat(v("1.0.0")).isLessThan(v("1.0.1")).isLessThan(v("1.2")).isLessThan(v("10.0.0"));
        assertThat(v("2.0.0-beta.1")).isLessThan(v("2.0.0"));
        assertThat(v("2")).isEqualByComparingTo(v("2.0.0"));
    }

    @Test
    void refusesWhatIsNotAVersion() {
        assertThat(ClientVersion.parse("latest")).isEmpty();
        assertThat(ClientVersion.parse("1.2.3.4")).isEmpty();
        assertThat(ClientVersion.parse("")).isEmpty();
        assertThat(ClientVersion.parse(null)).isEmpty();
    }

    private static ClientVersion v(String text) {
        return ClientVersion.parse(text).orElseThrow();
    }
}
