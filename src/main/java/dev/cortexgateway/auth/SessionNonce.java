package dev.cortexgateway.auth;

import java.util.Locale;

/**
 * The one form in which a session-token nonce is remembered. The contract makes the nonce a UUID
 * ({@code format: uuid}, asserted by the request validator), and a UUID's hex digits mean the same
 * in either case (RFC 9562 4): {@code 8531A56F-...} is the nonce {@code 8531a56f-...}, so an
 * upper-cased copy of a spent nonce is a replay, not a new nonce. Every nonce store (in-process,
 * Redis) receives this form only; they compare exactly.
 */
final class SessionNonce {

    private SessionNonce() {
    }

    /** Lower case, without surrounding whitespace (which the validator already refuses). */
    static String canonical(String nonce) {
        return nonce.strip().toLowerCase(Locale.ROOT);
    }
}
