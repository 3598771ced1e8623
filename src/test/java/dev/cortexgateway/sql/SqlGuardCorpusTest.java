package dev.cortexgateway.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every line of the forbidden corpus is refused and every line of the allowed corpus passes, in both dialects. */
class SqlGuardCorpusTest {

    private static final SqlGuard GUARD = new SqlGuard(SqlToolProperties.defaults(), WarehouseProperties.defaults());
    private static final List<ErrorCode> REFUSALS = List.of(ErrorCode.SQL_PARSE_ERROR, ErrorCode.SQL_MULTIPLE_STATEMENTS,
            ErrorCode.SQL_NOT_READ_ONLY);

    @AfterAll
    static void close() {
        GUARD.destroy();
    }

    @Test
    void theCorpusIsLargeEnough() {
        assertThat(SqlCorpus.read(SqlCorpus.FORBIDDEN)).hasSizeGreaterThanOrEqualTo(120);
        assertThat(SqlCorpus.read(SqlCorpus.ALLOWED)).hasSizeGreaterThanOrEqualTo(25);
    }

    @TestFactory
    Stream<DynamicTest> forbiddenStatementsAreRefused() {
        List<DynamicTest> tests = new ArrayList<>();
        for (SqlCorpus entry : SqlCorpus.read(SqlCorpus.FORBIDDEN)) {
            for (SqlDialect dialect : SqlDialect.values()) {
                if (entry.appliesTo(dialect)) {
                    tests.add(DynamicTest.dynamicTest(dialect + " " + entry, () -> {
                        GatewayException refused = catchThrowableOfType(GatewayException.class,
                                () -> GUARD.requireReadOnly(entry.sql(), dialect));
                        assertThat(refused).as("refused").isNotNull();
                        // the corpus says what must never run, whatever refuses it first; which code
                        // each kind of statement gets is pinned in SqlGuardTest
                        assertThat(refused.code()).isIn(REFUSALS);
                    }));
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> allowedStatementsPass() {
        List<DynamicTest> tests = new ArrayList<>();
        for (SqlCorpus entry : SqlCorpus.read(SqlCorpus.ALLOWED)) {
            for (SqlDialect dialect : SqlDialect.values()) {
                if (entry.appliesTo(dialect)) {
                    tests.add(DynamicTest.dynamicTest(dialect + " " + entry,
                            () -> assertThatCode(() -> GUARD.requireReadOnly(entry.sql(), dialect)).doesNotThrowAnyException()));
                }
            }
        }
        return tests.stream();
    }
}
