package dev.cortexgateway.cortex;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Resolves Cortex REST paths against {@code gateway.cortex.base-url}, for every Cortex call the
 * gateway makes (agent runs, Search, Analyst), so they all follow the simulator-port wiring below.
 */
final class CortexEndpoints {

    private volatile String base;

    CortexEndpoints(URI baseUrl) {
        String text = baseUrl.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        this.base = text;
    }

    /**
     * Port 0 in the base URL stands for "the local simulator's port" (the local profile's default,
     * {@code gateway.simulator.port} 0 picks a free one): once the simulator listens, every path
     * resolves against it.
     */
    void useSimulatorPort(int port) {
        if (waitsForSimulatorPort()) {
            base = base.replaceFirst("^(https?://[^/:]+):0", "$1:" + port);
        }
    }

    /** True while the base URL still names port 0, the simulator's port not yet known. */
    boolean waitsForSimulatorPort() {
        return URI.create(base).getPort() == 0;
    }

    /** The base URL every path resolves against. */
    URI base() {
        return URI.create(base);
    }

    /** {@code path} starts with {@code /} and is already encoded (see {@link #segment(String)}). */
    URI resolve(String path) {
        return URI.create(base + path);
    }

    /** Identifiers may be quoted or hold characters a path cannot: percent-encode them. */
    static String segment(String identifier) {
        return URLEncoder.encode(identifier.trim(), StandardCharsets.UTF_8).replace("+", "%20");
    }
}
