package dev.cortexgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedOriginsTest {

    @ParameterizedTest
    @CsvSource({
            "http://localhost:5173, http://localhost:5173",
            "HTTPS://Chat.Example.COM, https://chat.example.com",
            "https://chat.example.com:443, https://chat.example.com",
            "http://chat.example.com:80, http://chat.example.com",
            "http://127.0.0.1:8080, http://127.0.0.1:8080",
            "http://[::1]:5173, http://[::1]:5173"})
    void anOriginIsKeptAsABrowserSendsIt(String configured, String canonical) {
        assertThat(AllowedOrigins.canonical(configured)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "https://*.example.com", "http://localhost:5173/", "http://localhost:5173/app",
            "http://localhost:5173?x=1", "localhost:5173", "ftp://files.example.com", "null", "file:///tmp/x.html",
            "https://user@chat.example.com", " ", "http:///nohost"})
    void anythingButAnExactOriginIsRefusedWithTheReason(String configured) {
        assertThatThrownBy(() -> AllowedOrigins.canonical(configured))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Exception");
        assertThat(AllowedOrigins.ofHeader(configured)).isNull();
    }
}
