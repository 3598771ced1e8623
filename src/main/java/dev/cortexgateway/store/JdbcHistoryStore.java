package dev.cortexgateway.store;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * History in the gateway's database. Messages are ordered by an identity column, so concurrent
 * appends never fight over a per-session counter; a cursor is that column's value, wrapped so that
 * clients treat it as opaque and a later store may change what is inside.
 */
@Component
public final class JdbcHistoryStore implements HistoryStore {

    private static final String CURSOR_PREFIX = "h1:";

    private static final String CLAIM = """
            insert into history_sessions (session_id, owner_client_id, created_at)
            values (:sessionId, :clientId, :now)
            on conflict do nothing""";
    private static final String OWNER = "select owner_client_id from history_sessions where session_id = :sessionId";
    private static final String APPEND = """
            insert into history_messages (session_id, message_id, role, content, created_at, tool_calls, annotations)
            values (:sessionId, :messageId, :role, :content, :timestamp, :toolCalls, :annotations)
            on conflict do nothing""";
    private static final String PAGE = """
            select seq, message_id, role, content, created_at, tool_calls, annotations
            from history_messages where session_id = :sessionId""";
    private static final String NEWEST_FIRST = " order by seq desc limit :rows";

    private final StoreDatabase database;
    private final Clock clock;

    @Autowired
    public JdbcHistoryStore(StoreDatabase database, ObjectProvider<Clock> clock) {
        this(database, clock.getIfAvailable(Clock::systemUTC));
    }

    JdbcHistoryStore(StoreDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public boolean claim(UUID sessionId, String clientId) {
        database.jdbc().update(CLAIM, new MapSqlParameterSource()
                .addValue("sessionId", sessionId.toString())
                .addValue("clientId", clientId)
                .addValue("now", StoreDatabase.timestamp(clock.instant())));
        return owner(sessionId).map(clientId::equals).orElse(false);
    }

    @Override
    public Optional<String> owner(UUID sessionId) {
        return database.jdbc().queryForList(OWNER, new MapSqlParameterSource("sessionId", sessionId.toString()),
                String.class).stream().findFirst();
    }

    @Override
    public int append(UUID sessionId, List<Message> messages) {
        if (owner(sessionId).isEmpty()) {
            throw new IllegalStateException("history session has not been claimed");
        }
        int added = 0;
        // one statement per message: the batch form may report SUCCESS_NO_INFO instead of counts
        for (Message message : messages) {
            added += database.jdbc().update(APPEND, new MapSqlParameterSource()
                    .addValue("sessionId", sessionId.toString())
                    .addValue("messageId", message.id())
                    .addValue("role", message.role())
                    .addValue("content", message.content())
                    .addValue("timestamp", StoreDatabase.timestamp(message.timestamp()))
                    .addValue("toolCalls", message.toolCalls(), Types.VARCHAR)
                    .addValue("annotations", message.annotations(), Types.VARCHAR));
        }
        return added;
    }

    @Override
    public Page page(UUID sessionId, String cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        MapSqlParameterSource parameters = new MapSqlParameterSource()
                .addValue("sessionId", sessionId.toString())
                // one row more than asked tells whether another page follows
                .addValue("rows", limit + 1);
        String sql = PAGE;
        if (cursor != null) {
            sql += " and seq < :before";
            parameters.addValue("before", decode(cursor));
        }
        List<Row> rows = database.jdbc().query(sql + NEWEST_FIRST, parameters, JdbcHistoryStore::row);
        boolean more = rows.size() > limit;
        List<Row> page = more ? rows.subList(0, limit) : rows;
        return new Page(page.stream().map(Row::message).toList(), more ? encode(page.get(limit - 1).seq()) : null);
    }

    @Override
    public String kind() {
        return "history";
    }

    @Override
    public String backend() {
        return database.backend();
    }

    @Override
    public void ping() {
        database.ping("history_messages");
    }

    private static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + seq).getBytes(StandardCharsets.US_ASCII));
    }

    private static long decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!text.startsWith(CURSOR_PREFIX)) {
                throw new IllegalArgumentException("not a history cursor");
            }
            return Long.parseLong(text.substring(CURSOR_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            // NumberFormatException is one too; the message never echoes the client's text
            throw new IllegalArgumentException("not a history cursor");
        }
    }

    private static Row row(ResultSet row, int index) throws SQLException {
        return new Row(row.getLong("seq"), new Message(row.getString("message_id"), row.getString("role"),
                row.getString("content"),
                StoreDatabase.instant(row.getObject("created_at", OffsetDateTime.class)),
                row.getString("tool_calls"), row.getString("annotations")));
    }

    private record Row(long seq, Message message) {
    }
}
