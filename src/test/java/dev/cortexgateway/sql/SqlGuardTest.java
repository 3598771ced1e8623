package dev.cortexgateway.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectVisitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The guard's error codes, rewrites, templates, and what its errors never contain. */
class SqlGuardTest {

    private static final SqlGuard GUARD = new SqlGuard(SqlToolProperties.defaults(), WarehouseProperties.defaults());

    @AfterAll
    static void close() {
        GUARD.destroy();
    }

    private static GatewayException refused(String sql, SqlDialect dialect) {
        GatewayException e = catchThrowableOfType(GatewayException.class, () -> GUARD.requireReadOnly(sql, dialect));
        assertThat(e).as("refused: %s", sql).isNotNull();
        return e;
    }

    private static GatewayException refused(String sql) {
        return refused(sql, SqlDialect.H2);
    }

    @Test
    void eachRefusalHasItsCode() {
        assertThat(refused("SELECT 1; DROP TABLE orders").code()).isEqualTo(ErrorCode.SQL_MULTIPLE_STATEMENTS);
        assertThat(refused("SELECT 1 -- x\n; DELETE FROM orders").code()).isEqualTo(ErrorCode.SQL_MULTIPLE_STATEMENTS);
        assertThat(refused("SELEC 1").code()).isEqualTo(ErrorCode.SQL_PARSE_ERROR);
        assertThat(refused("   ").code()).isEqualTo(ErrorCode.SQL_PARSE_ERROR);
        assertThat(refused("-- only a comment").code()).isEqualTo(ErrorCode.SQL_PARSE_ERROR);
        assertThat(refused("SELECT * FROM orders FOR UPDATE").code()).isEqualTo(ErrorCode.SQL_NOT_READ_ONLY);
        assertThat(refused("SELECT * INTO t FROM orders").code()).isEqualTo(ErrorCode.SQL_NOT_READ_ONLY);
        assertThat(ErrorCode.SQL_NOT_READ_ONLY.status()).isEqualTo(400);
    }

    @Test
    void notReadOnlyNamesTheStatementKindOrFunction() {
        GatewayException delete = refused("DELETE FROM orders WHERE order_id = 1001");
        assertThat(delete.code()).isEqualTo(ErrorCode.SQL_NOT_READ_ONLY);
        assertThat(delete.getMessage()).isEqualTo(
                "DELETE statements are not allowed; sql_exec runs one read-only SELECT, WITH, SHOW, DESCRIBE or EXPLAIN");
        assertThat(delete.details()).containsEntry("statement", "DELETE");
        assertThat(refused("CREATE TABLE t (id INT)").getMessage()).startsWith("CREATE TABLE statements are not allowed");
        assertThat(refused("SHUTDOWN").getMessage()).startsWith("SHUTDOWN statements are not allowed");
        assertThat(refused("EXPLAIN DELETE FROM orders").getMessage()).startsWith("EXPLAIN is allowed for a SELECT only");

        GatewayException function = refused("SELECT * FROM orders WHERE order_id IN (SELECT FILE_WRITE('x', '/tmp/x'))");
        assertThat(function.getMessage()).isEqualTo("the function FILE_WRITE is not allowed in sql_exec");
        assertThat(function.details()).containsEntry("function", "FILE_WRITE");
        assertThat(refused("SELECT SYSTEM$CANCEL_QUERY('abc')", SqlDialect.SNOWFLAKE).details()).containsEntry("function", "SYSTEM$...");
    }

    @Test
    void tooDeepOrTooLongIsAParseErrorNotACrash() {
        assertThat(refused("SELECT " + "(".repeat(3000) + "1" + ")".repeat(3000)).code()).isEqualTo(ErrorCode.SQL_PARSE_ERROR);
        assertThat(refused("SELECT " + "1 + ".repeat(20_000) + "1").code()).isEqualTo(ErrorCode.SQL_PARSE_ERROR);
    }

    @Test
    void parseErrorsGiveThePositionOnly() {
        GatewayException e = refused("SELECT *\nFROM orders WHERE AND");
        assertThat(e.code()).isEqualTo(ErrorCode.SQL_PARSE_ERROR);
        assertThat(e.details()).containsEntry("line", 2).containsKey("column");
    }

    @Test
    void noMessageOrDetailContainsTheSql() {
        String marker = "zz_secret_marker_42";
        for (String sql : List.of(
                "SELECT '" + marker + "'; DROP TABLE orders",
                "SELEC '" + marker + "' FROM orders",
                "SELECT '" + marker + "' FROM orders WHERE",
                "DELETE FROM orders WHERE name = '" + marker + "'",
                "SELECT FILE_READ('" + marker + "')",
                "SELECT '" + marker,
                "FROBNICATE " + marker,
                "SELECT " + marker + "(1)",
                "SELECT * FROM orders WHERE x = '" + marker + "' FOR UPDATE")) {
            for (SqlDialect dialect : SqlDialect.values()) {
                GatewayException e = catchThrowableOfType(GatewayException.class, () -> GUARD.requireReadOnly(sql, dialect));
                if (e == null) {
                    continue;
                }
                assertThat(e.getMessage()).doesNotContainIgnoringCase(marker).doesNotContain("FROM orders");
                assertThat(String.valueOf(e.hint())).doesNotContainIgnoringCase(marker);
                assertThat(e.details().toString()).doesNotContainIgnoringCase(marker);
                assertThat(e.getCause()).isNull();
            }
        }
    }

    @Test
    void theStatementToRunLosesTrailingSemicolonsAndComments() {
        SqlGuard.ReadOnlyStatement statement = GUARD.requireReadOnly("  SELECT 1 ;  -- done\n", SqlDialect.H2);
        assertThat(statement.sql()).isEqualTo("SELECT 1");
        assertThat(statement.kind()).isEqualTo(SqlGuard.Kind.SELECT);
        assertThat(GUARD.requireReadOnly("SELECT ';' AS s;", SqlDialect.H2).sql()).isEqualTo("SELECT ';' AS s");
        assertThat(GUARD.requireReadOnly("WITH t AS (SELECT 1 AS x) SELECT x FROM t", SqlDialect.H2).kind()).isEqualTo(SqlGuard.Kind.SELECT);
        assertThat(GUARD.requireReadOnly("SHOW TABLES", SqlDialect.H2).kind()).isEqualTo(SqlGuard.Kind.SHOW);
        assertThat(GUARD.requireReadOnly("EXPLAIN SELECT 1", SqlDialect.H2).kind()).isEqualTo(SqlGuard.Kind.EXPLAIN);
    }

    @Test
    void describeRunsAsShowColumnsOnH2Only() {
        assertThat(GUARD.requireReadOnly("DESCRIBE orders;", SqlDialect.H2))
                .isEqualTo(new SqlGuard.ReadOnlyStatement("SHOW COLUMNS FROM orders", SqlGuard.Kind.DESCRIBE));
        assertThat(GUARD.requireReadOnly("describe table public.orders", SqlDialect.H2).sql())
                .isEqualTo("SHOW COLUMNS FROM orders FROM public");
        assertThat(GUARD.requireReadOnly("DESC \"Orders\"", SqlDialect.H2).sql()).isEqualTo("SHOW COLUMNS FROM \"Orders\"");
        assertThat(GUARD.requireReadOnly("DESCRIBE TABLE db.sch.orders;", SqlDialect.SNOWFLAKE))
                .isEqualTo(new SqlGuard.ReadOnlyStatement("DESCRIBE TABLE db.sch.orders", SqlGuard.Kind.DESCRIBE));
        assertThat(refused("DESCRIBE orders; DROP TABLE orders").code()).isEqualTo(ErrorCode.SQL_MULTIPLE_STATEMENTS);
        // DESCRIBE takes one (qualified) name; a list is no DESCRIBE the guard knows, and the parser cannot read it
        assertThat(refused("DESCRIBE orders, customers").code()).isEqualTo(ErrorCode.SQL_PARSE_ERROR);
    }

    @Test
    void backslashesEscapeOnlyInSnowflakeStrings() {
        String sql = "SELECT 'a\\'; DROP TABLE orders; --'";
        assertThat(refused(sql, SqlDialect.H2).code()).isEqualTo(ErrorCode.SQL_MULTIPLE_STATEMENTS);
        assertThat(GUARD.requireReadOnly(sql, SqlDialect.SNOWFLAKE).kind()).isEqualTo(SqlGuard.Kind.SELECT);
    }

    @Test
    void templatesBecomeCamelJdbcNamedParameters() {
        SqlGuard.TemplateStatement template = GUARD.requireReadOnlyTemplate(
                "SELECT * FROM orders WHERE region = :region AND amount > :min_amount OR region = :region AND note = ':not_a_param';");
        assertThat(template.sql()).isEqualTo(
                "SELECT * FROM orders WHERE region = :?region AND amount > :?min_amount OR region = :?region AND note = ':not_a_param'");
        assertThat(template.parameters()).containsExactly("region", "min_amount");
        assertThat(template.kind()).isEqualTo(SqlGuard.Kind.SELECT);

        SqlGuard.TemplateStatement cast = GUARD.requireReadOnlyTemplate("SELECT amount::INT FROM orders WHERE order_id = :id");
        assertThat(cast.sql()).isEqualTo("SELECT amount::INT FROM orders WHERE order_id = :?id");
        assertThat(cast.parameters()).containsExactly("id");
        assertThat(GUARD.requireReadOnlyTemplate("SELECT COUNT(*) FROM orders").parameters()).isEmpty();
    }

    @Test
    void templatesFollowTheSameRules() {
        Map<String, ErrorCode> cases = Map.of(
                "DELETE FROM orders WHERE order_id = :id", ErrorCode.SQL_NOT_READ_ONLY,
                "SELECT :id; DROP TABLE orders", ErrorCode.SQL_MULTIPLE_STATEMENTS,
                "SELECT FILE_READ(:path)", ErrorCode.SQL_NOT_READ_ONLY,
                // a template's parameters are :name only: positional markers and camel-jdbc's own :? are malformed
                "SELECT * FROM orders WHERE order_id = ?", ErrorCode.SQL_PARSE_ERROR,
                "SELECT ':?x' FROM orders", ErrorCode.SQL_PARSE_ERROR);
        cases.forEach((sql, code) -> {
            GatewayException e = catchThrowableOfType(GatewayException.class, () -> GUARD.requireReadOnlyTemplate(sql));
            assertThat(e).as(sql).isNotNull();
            assertThat(e.code()).as(sql).isEqualTo(code);
        });
    }

    @Test
    void theTreeWalkFindsFunctionsAnywhere() throws Exception {
        Map<String, List<String>> cases = Map.of(
                "SELECT * FROM orders WHERE id IN (SELECT FILE_WRITE('x', 'y'))", List.of("FILE_WRITE"),
                "WITH f AS (SELECT UPPER(name) AS n FROM customers) SELECT * FROM f", List.of("UPPER"),
                "SELECT * FROM a JOIN (SELECT LOWER(x) AS y FROM b) c ON COALESCE(a.id, 0) = c.y", List.of("LOWER", "COALESCE"),
                "SELECT CASE WHEN ABS(x) > 1 THEN 1 END FROM t", List.of("ABS"),
                "SELECT * FROM CSVREAD('f')", List.of("CSVREAD"),
                "SELECT 1 UNION SELECT MAX(x) FROM t ORDER BY 1", List.of("MAX"),
                "SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.v = TRIM(t.v)) GROUP BY x HAVING SUM(ROUND(y)) > 1",
                List.of("SUM", "ROUND"));
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            SqlGuard.Inspector inspector = new SqlGuard.Inspector();
            ((Select) CCJSqlParserUtil.parse(c.getKey())).accept((SelectVisitor<Void>) inspector, null);
            assertThat(inspector.functions).as(c.getKey()).map(String::toUpperCase).containsAll(c.getValue());
        }
    }

    @Test
    void aStatementThatTakesTooLongToParseIsRefused() {
        SqlGuard impatient = new SqlGuard(new SqlToolProperties(List.of(), 500, 1_048_576, Duration.ofSeconds(30), Duration.ofMillis(1)),
                WarehouseProperties.defaults());
        try {
            // parses in about 50 ms
            String slow = "SELECT * FROM t WHERE " + "(a = 1 AND ".repeat(200) + "b = 2" + ")".repeat(200);
            GatewayException e = catchThrowableOfType(GatewayException.class, () -> impatient.requireReadOnly(slow, SqlDialect.H2));
            assertThat(e).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.SQL_PARSE_ERROR);
            assertThat(e.getMessage()).isEqualTo("the statement took too long to parse");
            assertThat(GUARD.requireReadOnly(slow, SqlDialect.H2).kind()).isEqualTo(SqlGuard.Kind.SELECT);
        } finally {
            impatient.destroy();
        }
    }
}
