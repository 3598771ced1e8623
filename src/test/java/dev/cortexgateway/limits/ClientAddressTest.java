package dev.cortexgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressTest {

    @Test
    void byDefaultTheTcpPeerCountsAndXForwardedForIsIgnored() {
        MockHttpServletRequest request = request("203.0.113.7", "198.51.100.1");
        assertThat(address(false).of(request)).isEqualTo("203.0.113.7");
    }

    @Test
    void whenTrustedTheRightMostForwardedEntryCountsNotTheOnesAClientCanWrite() {
        MockHttpServletRequest request = request("10.0.0.2", "1.2.3.4, 198.51.100.1 ,");
        assertThat(address(true).of(request)).isEqualTo("198.51.100.1");
        assertThat(address(true).of(request("10.0.0.2", null))).isEqualTo("10.0.0.2");
    }

    private static MockHttpServletRequest request(String peer, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return request;
    }

    private static ClientAddress address(boolean trustForwardedFor) {
        return new ClientAddress(new RateLimitProperties(true, trustForwardedFor, Map.of("g",
                new RateLimitProperties.Group(RateLimitProperties.Key.IP, 1, 1, Duration.ofSeconds(1)))));
    }
}
