package dev.cortexgateway.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * What an in-memory H2 warehouse is executing right now, read from its admin account: the gateway's
 * read-only account sees only its own session in {@code INFORMATION_SCHEMA.SESSIONS}. A test that
 * cancels a running statement waits for this instead of guessing how long the start takes.
 */
public final class WarehouseSessions {

    private final String url;

    private WarehouseSessions(String url) {
        this.url = url;
    }

    /** A database of the test's own, kept until the JVM ends or {@link #shutdown()}; admin {@code sa} without a password. */
    public static WarehouseSessions newDatabase(String name) {
        return new WarehouseSessions("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    /** For {@code gateway.warehouse.url}. */
    public String url() {
        return url;
    }

    /** True while some session runs a statement containing {@code fragment}. */
    public boolean executing(String fragment) {
        try (Connection admin = DriverManager.getConnection(url, "sa", "");
             PreparedStatement sessions = admin.prepareStatement(
                     "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE EXECUTING_STATEMENT LIKE ?")) {
            sessions.setString(1, "%" + fragment + "%");
            try (ResultSet rs = sessions.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the sessions of " + url, e);
        }
    }

    public void shutdown() {
        try (Connection admin = DriverManager.getConnection(url, "sa", "")) {
            admin.createStatement().execute("SHUTDOWN");
        } catch (SQLException e) {
            // already gone
        }
    }
}
