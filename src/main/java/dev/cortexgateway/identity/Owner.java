package dev.cortexgateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.jwt.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;

/**
 * Who owns what a caller creates (chat streams and sessions, jobs, tool executions, idempotency
 * keys, query records, warm-ups, WebSocket events) and whose rate-limit bucket a call takes from:
 * the client, and within it the end user when there is one (docs/identity.md).
 *
 * <ul>
 *   <li>a confidential client acting for itself: {@code subject} is null and the {@link #key()} is
 *   the client id, as before per-user identity (rows stored then keep their owner);</li>
 *   <li>a public client's end user: the session token's own subject ({@code sub}, minted by the
 *   gateway), key {@code client/subject};</li>
 *   <li>a confidential client naming its user ({@code user_id}): a digest of the user id, so user
 *   ids (often e-mail addresses) never reach store keys, rows or logs.</li>
 * </ul>
 * Stores compare whole keys; {@link #parse(String)} recovers the parts for the one place that needs
 * the client (a confidential client's WebSocket sees its users' events).
 */
public record Owner(String clientId, String subject) {

    public static final char SEPARATOR = '/';
    /** Query parameter (GET) or top-level body field (POST) a confidential client names its user with. */
    public static final String USER_ID = "user_id";
    /** Prefix of a public client's end-user subject ({@link #newSubject()}). */
    public static final String SUBJECT_PREFIX = "s_";
    private static final String USER_PREFIX = "u_";
    private static final Pattern SUBJECT_PART = Pattern.compile("[su]_[A-Za-z0-9_-]{22,43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public Owner {
        Objects.requireNonNull(clientId, "clientId");
    }

    /** The one string stores, buckets and events key on. */
    public String key() {
        return subject == null ? clientId : clientId + SEPARATOR + subject;
    }

    /** The same confidential client acting for one of its users. */
    public Owner forUser(String userId) {
        return new Owner(clientId, USER_PREFIX + digest(userId));
    }

    /** An opaque, random end-user subject (128 bits) for a public client's first session token. */
    public static String newSubject() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return SUBJECT_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The owner a {@link #key()} names. Subjects and user digests have a fixed form without the
     * separator, so a key whose last part is not one is a client id as a whole (client ids may
     * contain the separator; keys written before per-user identity are plain client ids).
     */
    public static Owner parse(String key) {
        int last = key.lastIndexOf(SEPARATOR);
        if (last > 0 && SUBJECT_PART.matcher(key.substring(last + 1)).matches()) {
            return new Owner(key.substring(0, last), key.substring(last + 1));
        }
        return new Owner(key, null);
    }

    /**
     * The owner of what the exchange's caller does: the verified token's owner, narrowed to a user
     * when a confidential client names one (the {@code user_id} body field of a validated request,
     * or the {@code user_id} query parameter). A public client's token already names its end user,
     * so a {@code user_id} it sends is only data, never an identity it could pick.
     */
    public static Owner of(Exchange exchange) {
        VerifiedToken caller = exchange.getProperty(ExchangeKeys.PRINCIPAL, VerifiedToken.class);
        if (caller == null) {
            throw new IllegalStateException("no verified caller on this exchange: put the step after tokenCheck");
        }
        Owner owner = caller.owner();
        if (caller.subject() != null) {
            return owner;
        }
        String userId = namedUser(exchange);
        return userId == null ? owner : owner.forUser(userId);
    }

    private static String namedUser(Exchange exchange) {
        JsonNode body = exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class);
        if (body != null && body.path(USER_ID).isTextual() && !body.path(USER_ID).asText().isBlank()) {
            return body.path(USER_ID).asText();
        }
        String parameter = exchange.getIn().getHeader(USER_ID, String.class);
        return parameter == null || parameter.isBlank() ? null : parameter;
    }

    private static String digest(String userId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
