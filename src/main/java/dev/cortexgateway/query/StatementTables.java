package dev.cortexgateway.query;

import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * The tables a statement Cortex Analyst generated reads, for the {@code table} of a query answer's
 * database source. The statement comes from the upstream, so the parse is bounded in time like the
 * sql_exec guard's; a statement that does not parse names no table (null), it is never guessed.
 */
final class StatementTables {

    private static final long PARSE_TIMEOUT_MILLIS = 1000;

    private StatementTables() {}

    /** The tables, comma-separated in the order the statement names them; null when none can be read. */
    static String of(String sql) {
        try {
            Statement statement = CCJSqlParserUtil.parse(sql, parser -> parser.withTimeOut(PARSE_TIMEOUT_MILLIS));
            if (statement == null) {
                return null;
            }
            Set<String> tables = new TablesNamesFinder<Void>().getTables(statement);
            return tables.isEmpty() ? null : String.join(", ", tables);
        } catch (JSQLParserException | RuntimeException e) {
            return null;
        }
    }
}
