package dev.cortexgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortexgateway.store.HistoryStore.Message;
import dev.cortexgateway.store.HistoryStore.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

class JdbcHistoryStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456Z");

    private H2TestDatabase database;
    private JdbcHistoryStore store;
    private final UUID session = UUID.randomUUID();

    @BeforeEach
    void setUp() {
        database = H2TestDatabase.migrated();
        store = new JdbcHistoryStore(database.store(), new ManualTime(T0));
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void firstClaimOwnsTheSessionAndOthersAreRefused() {
        assertThat(store.owner(session)).isEmpty();
        assertThat(store.claim(session, "app-a")).isTrue();
        assertThat(store.claim(session, "app-a")).isTrue();
        assertThat(store.claim(session, "app-b")).isFalse();
        assertThat(store.owner(session)).contains("app-a");
    }

    @Test
    void appendingToAnUnclaimedSessionFails() {
        assertThatThrownBy(() -> store.append(session, List.of(message(1))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMessageIsStoredOnceHoweverOftenItIsAppended() {
        store.claim(session, "app-a");

        assertThat(store.append(session, List.of(message(1), message(2)))).isEqualTo(2);
        assertThat(store.append(session, List.of(message(1), message(2), message(3)))).isEqualTo(1);
        assertThat(store.append(session, List.of(message(3)))).isZero();

        assertThat(store.page(session, null, 10).messages()).extracting(Message::id)
                .containsExactly(id(3), id(2), id(1));
    }

    @Test
    void theSameMessageIdInAnotherSessionIsAnotherMessage() {
        UUID other = UUID.randomUUID();
        store.claim(session, "app-a");
        store.claim(other, "app-a");

        assertThat(store.append(session, List.of(message(1)))).isEqualTo(1);
        assertThat(store.append(other, List.of(message(1)))).isEqualTo(1);
        assertThat(store.page(other, null, 10).messages()).hasSize(1);
    }

    @Test
    void messagesComeBackAsTheyWereWritten() {
        store.claim(session, "app-a");
        Message withTools = new Message(id(1), "assistant", "Revenue grew 4%.", T0,
                "[{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"sql_exec\",\"arguments\":{},\"status\":\"completed\"}]",
                "[{\"id\":\"s1\",\"title\":\"Q3\",\"snippet\":\"...\",\"sourceUrl\":\"https://example.com/q3\"}]");
        Message plain = new Message(id(2), "user", "and Q4? ünïcödé", T0.plusSeconds(1), null, null);

        store.append(session, List.of(withTools, plain));

        assertThat(store.page(session, null, 10).messages()).containsExactly(plain, withTools);
    }

    @Test
    void pagesRunNewestFirstAndTheLastHasNoCursor() {
        store.claim(session, "app-a");
        store.append(session, List.of(message(1), message(2), message(3), message(4), message(5)));

        Page first = store.page(session, null, 2);
        Page second = store.page(session, first.nextCursor(), 2);
        Page third = store.page(session, second.nextCursor(), 2);

        assertThat(first.messages()).extracting(Message::id).containsExactly(id(5), id(4));
        assertThat(second.messages()).extracting(Message::id).containsExactly(id(3), id(2));
        assertThat(third.messages()).extracting(Message::id).containsExactly(id(1));
        assertThat(first.nextCursor()).isNotNull();
        assertThat(second.nextCursor()).isNotNull();
        assertThat(third.nextCursor()).isNull();
    }

    @Test
    void aFullLastPageHasNoCursor() {
        store.claim(session, "app-a");
        store.append(session, List.of(message(1), message(2), message(3), message(4)));

        Page second = store.page(session, store.page(session, null, 2).nextCursor(), 2);

        assertThat(second.messages()).extracting(Message::id).containsExactly(id(2), id(1));
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void newMessagesDoNotShiftPagesAlreadyBeingRead() {
        store.claim(session, "app-a");
        store.append(session, List.of(message(1), message(2), message(3)));
        Page first = store.page(session, null, 2);

        store.append(session, List.of(message(4)));

        assertThat(store.page(session, first.nextCursor(), 2).messages()).extracting(Message::id)
                .containsExactly(id(1));
    }

    @Test
    void pagingNeverCrossesIntoAnotherSession() {
        UUID other = UUID.randomUUID();
        store.claim(session, "app-a");
        store.claim(other, "app-b");
        for (int n = 1; n <= 3; n++) {
            store.append(session, List.of(message(n)));
            store.append(other, List.of(message(10 + n)));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page page = store.page(session, cursor, 1);
            page.messages().forEach(message -> seen.add(message.id()));
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(seen).containsExactly(id(3), id(2), id(1));
    }

    @Test
    void anEmptySessionHasAnEmptyLastPage() {
        assertThat(store.page(session, null, 20)).isEqualTo(new Page(List.of(), null));
    }

    @Test
    void aForgedCursorOrALimitBelowOneIsRefused() {
        assertThatThrownBy(() -> store.page(session, "not-a-cursor", 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("not-a-cursor");
        assertThatThrownBy(() -> store.page(session, "aDE6YWJj", 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.page(session, null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSchemaRefusesARoleOutsideTheContract() {
        store.claim(session, "app-a");
        Message robot = new Message(id(1), "robot", "beep", T0, null, null);

        assertThatThrownBy(() -> store.append(session, List.of(robot)))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    private static Message message(int n) {
        return new Message(id(n), n % 2 == 1 ? "user" : "assistant", "message " + n, T0.plusSeconds(n), null, null);
    }

    private static String id(int n) {
        return new UUID(0, n).toString();
    }
}
