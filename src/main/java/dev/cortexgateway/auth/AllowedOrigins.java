package dev.cortexgateway.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What a client's {@code allowed-origins} entry may be: one exact browser origin,
 * {@code scheme://host[:port]} with scheme http or https. Wildcards are refused: an origin pattern
 * would let every page under a domain (or, with {@code *}, any page) use the client from a browser,
 * which is what binding tokens to origins is there to prevent.
 */
public final class AllowedOrigins {

    private AllowedOrigins() {
    }

    /**
     * The origin as a browser sends it in {@code Origin}: scheme and host in lower case, the
     * scheme's default port left out.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String canonical(String origin) {
        if (origin == null || origin.isBlank()) {
            throw new IllegalArgumentException("an origin is empty");
        }
        String text = origin.trim();
        if (text.contains("*")) {
            throw new IllegalArgumentException("'" + text + "' is a wildcard; list each origin exactly");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not an origin (scheme://host[:port])");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("'" + text + "' is not an http or https origin (scheme://host[:port])");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + text + "' is not an origin (scheme://host[:port])");
        }
        if (!uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + text + "' has a path, query or fragment; an origin is "
                    + "scheme://host[:port] only, without a trailing '/'");
        }
        int port = uri.getPort();
        boolean defaultPort = port == ("https".equals(scheme) ? 443 : 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port < 0 || defaultPort ? "" : ":" + port);
    }

    /** The canonical form of an {@code Origin} header, or null when it is no http(s) origin ({@code null}, file:). */
    public static String ofHeader(String header) {
        try {
            return canonical(header);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
