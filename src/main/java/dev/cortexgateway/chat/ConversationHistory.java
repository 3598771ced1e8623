package dev.cortexgateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.identity.Owner;
import dev.cortexgateway.store.HistoryStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Conversation history: written by finished chat streams (exactly once per message, whatever the
 * number of resumes), read by {@code GET /api/v1/history/{sessionId}} (routes/history.yaml) by the
 * session's owner only, newest first. Pages are kept in memory for {@code gateway.chat.history-cache-ttl}
 * and dropped when the session is written.
 */
@Component("conversationHistory")
public final class ConversationHistory {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationHistory.class);
    private static final Pattern UUID_FORM = Pattern.compile("^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$");
    private static final int MAX_LIMIT = 100;

    private final HistoryStore store;
    private final HistoryWriteQueue writes;
    /** Owners this instance has seen the database confirm, for claims while the database is down. */
    private final Cache<UUID, String> confirmedOwners = Caffeine.newBuilder().maximumSize(100_000).build();
    private final ObjectMapper json;
    private final Cache<PageKey, Map<String, Object>> pages;

    public ConversationHistory(HistoryStore store, HistoryWriteQueue writes, ObjectMapper json,
                               ChatProperties properties) {
        this.store = store;
        this.writes = writes;
        writes.whenQueuedWriteStored(this::forgetPages);
        this.json = json;
        this.pages = Caffeine.newBuilder().expireAfterWrite(properties.historyCacheTtl()).maximumSize(10_000).build();
    }

    /** History pages held in memory now, the expired ones evicted first: for tests that check nothing is kept. */
    public long heldPages() {
        pages.cleanUp();
        return pages.estimatedSize();
    }

    /** Sessions belong to the owner that first used them (chat step, before dispatch). */
    public void claim(Exchange exchange) {
        JsonNode request = exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class);
        String caller = Owner.of(exchange).key();
        UUID sessionId = UUID.fromString(request.path("sessionId").asText());
        boolean owned;
        try {
            owned = store.claim(sessionId, caller);
            if (owned) {
                confirmedOwners.put(sessionId, caller);
            }
        } catch (DataAccessException databaseDown) {
            // The answer does not need the database, only its history write does, and that write
            // claims the session again when it reaches the database (dropped if another client
            // owns it). So a session not known to be someone else's may go ahead.
            String known = confirmedOwners.getIfPresent(sessionId);
            owned = known == null || known.equals(caller);
            LOG.warn("Session claim could not reach the database ({}); going on with {} ownership",
                    databaseDown.getClass().getSimpleName(), known == null ? "provisional" : "cached");
        }
        if (!owned) {
            throw new GatewayException(ErrorCode.FORBIDDEN, "This session belongs to someone else",
                    "Use a new sessionId for a new conversation", Map.of());
        }
    }

    void record(UUID sessionId, String owner, HistoryStore.Message user, ObjectNode assistant) {
        try {
            // through the queue: a database outage delays the write instead of losing it
            boolean confirmed = owner.equals(confirmedOwners.getIfPresent(sessionId));
            writes.write(new HistoryWriteQueue.Write(sessionId, owner, confirmed, List.of(user,
                    new HistoryStore.Message(assistant.path("id").asText(), "assistant",
                    assistant.path("content").asText(), Instant.parse(assistant.path("timestamp").asText()),
                    assistant.path("toolCalls").toString(), assistant.path("annotations").toString()))));
        } catch (RuntimeException e) {
            // the stream's final event is already out; the history write failing must not undo it
            LOG.error("History write failed for a finished stream: {}", e.getClass().getName());
        } finally {
            forgetPages(sessionId);
        }
    }

    private void forgetPages(UUID sessionId) {
        pages.asMap().keySet().removeIf(key -> key.sessionId().equals(sessionId));
    }

    /** {@code GET /api/v1/history/{sessionId}?limit=&cursor=}: owner only, newest first. */
    public Map<String, Object> page(Exchange exchange) {
        String sessionText = exchange.getIn().getHeader("sessionId", String.class);
        if (sessionText == null || !UUID_FORM.matcher(sessionText).matches()) {
            throw invalid("sessionId must be a UUID", "/sessionId");
        }
        UUID sessionId = UUID.fromString(sessionText);
        int limit = limit(exchange.getIn().getHeader("limit", String.class));
        String cursor = exchange.getIn().getHeader("cursor", String.class);
        String caller = Owner.of(exchange).key();
        // another owner's session answers like an unknown one: its existence is not the caller's business
        store.owner(sessionId).filter(caller::equals).orElseThrow(() -> new GatewayException(ErrorCode.SESSION_NOT_FOUND,
                "No conversation with this sessionId", null, Map.of()));
        PageKey key = new PageKey(sessionId, cursor == null || cursor.isEmpty() ? null : cursor, limit);
        return pages.get(key, k -> load(k));
    }

    private Map<String, Object> load(PageKey key) {
        HistoryStore.Page page;
        try {
            page = store.page(key.sessionId(), key.cursor(), key.limit());
        } catch (IllegalArgumentException badCursor) {
            throw invalid("cursor is not one this gateway handed out", "/cursor");
        }
        ArrayNode messages = json.createArrayNode();
        for (HistoryStore.Message message : page.messages()) {
            ObjectNode node = messages.addObject()
                    .put("id", message.id())
                    .put("role", message.role())
                    .put("content", message.content())
                    .put("timestamp", message.timestamp().toString());
            setArray(node, "toolCalls", message.toolCalls());
            setArray(node, "annotations", message.annotations());
        }
        java.util.LinkedHashMap<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("messages", messages);
        answer.put("nextCursor", page.nextCursor());
        return answer;
    }

    private void setArray(ObjectNode node, String field, String jsonText) {
        if (jsonText == null) {
            return;
        }
        try {
            JsonNode parsed = json.readTree(jsonText);
            if (parsed.isArray() && !parsed.isEmpty()) {
                node.set(field, parsed);
            }
        } catch (Exception unreadable) {
            LOG.warn("Stored {} of a history message are not JSON; left out", field);
        }
    }

    private static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return 20;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw invalid("limit must be a whole number from 1 to " + MAX_LIMIT, "/limit");
    }

    private static GatewayException invalid(String message, String field) {
        return new GatewayException(ErrorCode.INVALID_REQUEST, message, null,
                Map.of("fields", List.of(Map.of("field", field, "message", message))));
    }

    private record PageKey(UUID sessionId, String cursor, int limit) {
    }
}
