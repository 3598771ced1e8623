package dev.cortexgateway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * OAuth authorization flows and the tokens end users granted to http tools, in the gateway's
 * database so every instance serves them. Values that are secret arrive here already encrypted
 * (toolauth/TokenCipher); this class only moves rows.
 */
@Component
public final class JdbcToolAuthorizationStore {

    /** One authorize request; {@code codeVerifier} and {@code userLabel} are ciphertexts. */
    public record Flow(String id, String ownerKey, String toolName, String provider, String stateDigest,
                       String codeVerifier, String callbackUrl, String scopes, String userLabel, String status,
                       Instant createdAt, Instant expiresAt) {
    }

    /** An end user's tokens for one tool; {@code accessToken}, {@code refreshToken} and {@code userLabel} are ciphertexts. */
    public record Grant(String ownerKey, String toolName, String id, String provider, String scopes, String accessToken,
                        String refreshToken, String userLabel, Instant expiresAt, Instant createdAt, Instant updatedAt) {
    }

    private static final String FLOW_COLUMNS = "select id, owner_key, tool_name, provider, state_digest, code_verifier,"
            + " callback_url, scopes, user_label, status, created_at, expires_at from tool_oauth_flows";
    private static final String GRANT_COLUMNS = "select owner_key, tool_name, id, provider, scopes, access_token,"
            + " refresh_token, user_label, expires_at, created_at, updated_at from tool_oauth_tokens";

    private final StoreDatabase database;

    public JdbcToolAuthorizationStore(StoreDatabase database) {
        this.database = database;
    }

    public void createFlow(Flow flow) {
        database.jdbc().update("""
                insert into tool_oauth_flows (id, owner_key, tool_name, provider, state_digest, code_verifier,
                    callback_url, scopes, user_label, status, created_at, expires_at)
                values (:id, :owner, :tool, :provider, :state, :verifier, :callback, :scopes, :user, :status, :created, :expires)""",
                new MapSqlParameterSource()
                        .addValue("id", flow.id()).addValue("owner", flow.ownerKey()).addValue("tool", flow.toolName())
                        .addValue("provider", flow.provider()).addValue("state", flow.stateDigest())
                        .addValue("verifier", flow.codeVerifier()).addValue("callback", flow.callbackUrl())
                        .addValue("scopes", flow.scopes()).addValue("user", flow.userLabel()).addValue("status", flow.status())
                        .addValue("created", StoreDatabase.timestamp(flow.createdAt()))
                        .addValue("expires", StoreDatabase.timestamp(flow.expiresAt())));
    }

    public Optional<Flow> findFlow(String id) {
        return database.jdbc().query(FLOW_COLUMNS + " where id = :id", new MapSqlParameterSource("id", id),
                JdbcToolAuthorizationStore::flow).stream().findFirst();
    }

    /** Moves a pending flow to {@code status}; false when it was no longer pending (another callback came first). */
    public boolean finishFlow(String id, String status) {
        return database.jdbc().update("update tool_oauth_flows set status = :status where id = :id and status = 'pending'",
                new MapSqlParameterSource().addValue("id", id).addValue("status", status)) == 1;
    }

    /** Forgets flows that expired before {@code before}: they can no longer be completed. */
    public int deleteFlowsExpiredBefore(Instant before) {
        return database.jdbc().update("delete from tool_oauth_flows where expires_at < :before",
                new MapSqlParameterSource("before", StoreDatabase.timestamp(before)));
    }

    /** Stores the user's authorization of the tool, replacing an earlier one. */
    public void saveGrant(Grant grant) {
        MapSqlParameterSource values = new MapSqlParameterSource()
                .addValue("owner", grant.ownerKey()).addValue("tool", grant.toolName()).addValue("id", grant.id())
                .addValue("provider", grant.provider()).addValue("scopes", grant.scopes())
                .addValue("access", grant.accessToken()).addValue("refresh", grant.refreshToken())
                .addValue("user", grant.userLabel()).addValue("expires", timestampOrNull(grant.expiresAt()))
                .addValue("created", StoreDatabase.timestamp(grant.createdAt()))
                .addValue("updated", StoreDatabase.timestamp(grant.updatedAt()));
        database.upsert("""
                update tool_oauth_tokens set id = :id, provider = :provider, scopes = :scopes, access_token = :access,
                    refresh_token = :refresh, user_label = :user, expires_at = :expires, created_at = :created,
                    updated_at = :updated
                where owner_key = :owner and tool_name = :tool""", """
                insert into tool_oauth_tokens (owner_key, tool_name, id, provider, scopes, access_token, refresh_token,
                    user_label, expires_at, created_at, updated_at)
                values (:owner, :tool, :id, :provider, :scopes, :access, :refresh, :user, :expires, :created, :updated)
                on conflict do nothing""", values);
    }

    public Optional<Grant> findGrant(String ownerKey, String toolName) {
        return database.jdbc().query(GRANT_COLUMNS + " where owner_key = :owner and tool_name = :tool",
                new MapSqlParameterSource().addValue("owner", ownerKey).addValue("tool", toolName),
                JdbcToolAuthorizationStore::grant).stream().findFirst();
    }

    /**
     * Replaces the tokens after a refresh, only while the row still holds the authorization
     * {@code id} (a revoke or a new authorization meanwhile wins); false otherwise.
     */
    public boolean updateTokens(String ownerKey, String toolName, String id, String accessToken, String refreshToken,
                                Instant expiresAt, Instant updatedAt) {
        return database.jdbc().update("""
                update tool_oauth_tokens set access_token = :access, refresh_token = :refresh, expires_at = :expires,
                    updated_at = :updated
                where owner_key = :owner and tool_name = :tool and id = :id""",
                new MapSqlParameterSource().addValue("owner", ownerKey).addValue("tool", toolName).addValue("id", id)
                        .addValue("access", accessToken).addValue("refresh", refreshToken)
                        .addValue("expires", timestampOrNull(expiresAt))
                        .addValue("updated", StoreDatabase.timestamp(updatedAt))) == 1;
    }

    /** Forgets the user's authorization of the tool; false when there was none. */
    public boolean deleteGrant(String ownerKey, String toolName) {
        return database.jdbc().update("delete from tool_oauth_tokens where owner_key = :owner and tool_name = :tool",
                new MapSqlParameterSource().addValue("owner", ownerKey).addValue("tool", toolName)) == 1;
    }

    private static OffsetDateTime timestampOrNull(Instant instant) {
        return instant == null ? null : StoreDatabase.timestamp(instant);
    }

    private static Flow flow(ResultSet row, int index) throws SQLException {
        return new Flow(row.getString("id"), row.getString("owner_key"), row.getString("tool_name"),
                row.getString("provider"), row.getString("state_digest"), row.getString("code_verifier"),
                row.getString("callback_url"), row.getString("scopes"), row.getString("user_label"), row.getString("status"),
                StoreDatabase.instant(row.getObject("created_at", OffsetDateTime.class)),
                StoreDatabase.instant(row.getObject("expires_at", OffsetDateTime.class)));
    }

    private static Grant grant(ResultSet row, int index) throws SQLException {
        return new Grant(row.getString("owner_key"), row.getString("tool_name"), row.getString("id"),
                row.getString("provider"), row.getString("scopes"), row.getString("access_token"),
                row.getString("refresh_token"), row.getString("user_label"),
                StoreDatabase.instant(row.getObject("expires_at", OffsetDateTime.class)),
                StoreDatabase.instant(row.getObject("created_at", OffsetDateTime.class)),
                StoreDatabase.instant(row.getObject("updated_at", OffsetDateTime.class)));
    }
}
