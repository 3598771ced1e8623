package dev.cortexgateway.sql;

import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.VariableAssignment;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.ShowColumnsStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.UnsupportedStatement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.execute.Execute;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectVisitor;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.show.ShowIndexStatement;
import net.sf.jsqlparser.statement.show.ShowTablesStatement;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.util.TablesNamesFinder;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The first of the two locks on {@code sql_exec}: only one read-only statement passes (a SELECT,
 * WITH or set operation, SHOW, DESCRIBE, or EXPLAIN of a SELECT), without SELECT INTO, FOR
 * UPDATE/SHARE, data-changing CTEs or a denied function anywhere in its tree. The statement is
 * parsed with JSqlParser and read a second time by {@link SqlText}; both must see exactly one
 * statement, so a parser that disagrees with the database about a string or a comment cannot hide
 * a second one. The second lock is the warehouse account, which can only read. Messages and
 * details name a statement kind, a denied function or a position, never the SQL: they reach
 * clients and logs.
 */
@Component("sqlGuard")
public final class SqlGuard implements DisposableBean {

    /** What a read-only statement does; DESCRIBE is run as SHOW COLUMNS on H2. */
    public enum Kind { SELECT, SHOW, DESCRIBE, EXPLAIN }

    /** A statement that may run: {@code sql} is the text to execute, without trailing semicolons and comments. */
    public record ReadOnlyStatement(String sql, Kind kind) {
    }

    /**
     * An admin's template that may run: {@code sql} is in camel-jdbc's named-parameter form
     * ({@code :?name}), {@code parameters} are the distinct names in order of first use.
     */
    public record TemplateStatement(String sql, List<String> parameters, Kind kind) {
    }

    private static final String ALLOWED = "sql_exec runs one read-only SELECT, WITH, SHOW, DESCRIBE or EXPLAIN";
    private static final String HINT = "Send a single SELECT (or WITH, SHOW, DESCRIBE, EXPLAIN SELECT) statement.";
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern LEXICAL_POSITION = Pattern.compile("line (\\d+), column (\\d+)");
    /** First words of statements JSqlParser cannot parse but which are plainly not reads. */
    private static final Set<String> WRITE_WORDS = Set.of("ALTER", "ANALYZE", "BACKUP", "BEGIN", "CALL", "CHECKPOINT",
            "COMMENT", "COMMIT", "COPY", "CREATE", "DECLARE", "DELETE", "DROP", "EXEC", "EXECUTE", "GET", "GRANT",
            "INSERT", "LIST", "LOCK", "MERGE", "PREPARE", "PUT", "REMOVE", "RENAME", "REPLACE", "REVOKE", "ROLLBACK",
            "RUNSCRIPT", "SAVEPOINT", "SCRIPT", "SET", "SHUTDOWN", "START", "TRUNCATE", "UNDROP", "UNSET", "UPDATE",
            "UPSERT", "USE", "VACUUM");

    private static final Set<String> EXPLAIN_OPTIONS = Set.of("ANALYZE", "ANALYSE", "PLAN", "FOR", "VERBOSE", "USING",
            "TABULAR", "JSON", "TEXT", "FORMAT");

    private final Set<String> deniedNames = new LinkedHashSet<>();
    private final List<String> deniedPrefixes = new ArrayList<>();
    private final long parseTimeoutMillis;
    private final SqlDialect templateDialect;
    private final ExecutorService parsing;

    public SqlGuard(SqlToolProperties properties, WarehouseProperties warehouse) {
        for (String entry : properties.deniedFunctions()) {
            String name = entry.toUpperCase(Locale.ROOT);
            if (name.endsWith("*")) {
                deniedPrefixes.add(name.substring(0, name.length() - 1));
            } else {
                deniedNames.add(name);
            }
        }
        this.parseTimeoutMillis = properties.parseTimeout().toMillis();
        this.templateDialect = warehouse.dialect();
        // JSqlParser enforces its timeout by parsing on an executor; a private one, so no bean
        // competes with Spring's, and a bounded one, so a burst of parses queues instead of forking
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread thread = new Thread(r, "sql-guard-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        this.parsing = executor;
    }

    /** The statement as it may run on a warehouse of this dialect; throws a 400 GatewayException otherwise. */
    public ReadOnlyStatement requireReadOnly(String sql, SqlDialect dialect) {
        Checked checked = check(sql, dialect);
        return new ReadOnlyStatement(executable(sql, checked, dialect), checked.kind());
    }

    /** An admin-registered {@code sql_template} checked for the configured warehouse. */
    public TemplateStatement requireReadOnlyTemplate(String sql) {
        return requireReadOnlyTemplate(sql, templateDialect);
    }

    /**
     * Same rules as {@link #requireReadOnly}, and the SQL may hold JDBC named parameters {@code :name}.
     * They are rewritten to camel-jdbc's {@code :?name}, which it binds from the map in the
     * {@code CamelJdbcParameters} header when the endpoint has {@code useHeadersAsParameters=true}.
     */
    public TemplateStatement requireReadOnlyTemplate(String sql, SqlDialect dialect) {
        if (sql != null && sql.contains(":?")) {
            // camel-jdbc would replace ":?word" even inside a string literal
            throw parseError("the template contains ':?'; write parameters as :name", Map.of());
        }
        Checked checked = check(sql, dialect);
        if (checked.kind() == Kind.DESCRIBE) {
            return new TemplateStatement(executable(sql, checked, dialect), List.of(), checked.kind());
        }
        List<SqlText.Token> lexical = checked.text().namedParameters();
        List<String> names = new ArrayList<>(lexical.stream().map(SqlText.Token::value).toList());
        List<String> parsed = new ArrayList<>(checked.inspector() == null ? List.of() : checked.inspector().namedParameters);
        names.sort(null);
        parsed.sort(null);
        boolean positional = checked.text().tokens().stream().anyMatch(t -> t.is('?'))
                || checked.inspector() != null && checked.inspector().positionalParameters > 0;
        if (positional || !names.equals(parsed)) {
            throw parseError("template parameters must be named (:name) and used as values", Map.of());
        }
        StringBuilder rewritten = new StringBuilder();
        Set<String> ordered = new LinkedHashSet<>();
        int from = checked.text().start();
        int end = checked.text().end();
        for (SqlText.Token parameter : lexical) {
            if (!PARAMETER_NAME.matcher(parameter.value()).matches()) {
                throw parseError("template parameter names are letters, digits and underscores", Map.of());
            }
            rewritten.append(sql, from, parameter.start()).append(":?").append(parameter.value());
            ordered.add(parameter.value());
            from = parameter.end();
        }
        rewritten.append(sql, from, end);
        return new TemplateStatement(rewritten.toString(), List.copyOf(ordered), checked.kind());
    }

    /** What was checked; {@code described} holds the name parts of a DESCRIBE, read from the text. */
    private record Checked(Kind kind, SqlText text, List<String> described, Inspector inspector) {
    }

    private static String executable(String sql, Checked checked, SqlDialect dialect) {
        if (checked.kind() == Kind.DESCRIBE && dialect == SqlDialect.H2) {
            // H2 has no DESCRIBE; SHOW COLUMNS lists the same facts and takes the schema separately
            List<String> name = checked.described();
            String table = name.get(name.size() - 1);
            return name.size() == 1 ? "SHOW COLUMNS FROM " + table : "SHOW COLUMNS FROM " + table + " FROM " + name.get(name.size() - 2);
        }
        return sql.substring(checked.text().start(), checked.text().end());
    }

    /**
     * The parts of the name in {@code DESC[RIBE] [TABLE|VIEW] name}, or null for any other text.
     * DESCRIBE is recognised from the tokens because JSqlParser knows only some of its spellings,
     * and a statement of nothing but names leaves nothing to check.
     */
    private static List<String> describedName(String sql, SqlText text) {
        List<SqlText.Token> tokens = text.tokens().stream().filter(t -> t.type() != SqlText.Type.SEMICOLON).toList();
        if (!Set.of("DESC", "DESCRIBE").contains(text.firstWord())) {
            return null;
        }
        int first = tokens.size() > 1 && tokens.get(1).type() == SqlText.Type.WORD
                && Set.of("TABLE", "VIEW").contains(tokens.get(1).value().toUpperCase(Locale.ROOT)) ? 2 : 1;
        List<String> parts = new ArrayList<>();
        for (int i = first; i < tokens.size(); i++) {
            SqlText.Token token = tokens.get(i);
            boolean name = (i - first) % 2 == 0;
            if (name ? token.type() != SqlText.Type.WORD && token.type() != SqlText.Type.QUOTED_NAME : !token.is('.')) {
                return null;
            }
            if (name) {
                parts.add(sql.substring(token.start(), token.end()));
            }
        }
        boolean endsWithName = (tokens.size() - first) % 2 == 1;
        return endsWithName && parts.size() <= 3 ? parts : null;
    }

    private Checked check(String sql, SqlDialect dialect) {
        Objects.requireNonNull(dialect, "dialect");
        if (sql == null || sql.isBlank()) {
            throw parseError("the statement is empty", Map.of());
        }
        SqlText text = SqlText.read(sql, dialect);
        if (text.statementCount() == 0) {
            throw parseError("the statement is empty", Map.of());
        }
        if (text.statementCount() > 1) {
            throw multiple();
        }
        if (text.unterminated()) {
            throw parseError("a string, quoted name or comment is not closed", Map.of());
        }
        List<String> described = describedName(sql, text);
        if (described != null) {
            return new Checked(Kind.DESCRIBE, text, described, null);
        }
        Statements parsed;
        long started = System.nanoTime();
        try {
            parsed = CCJSqlParserUtil.parseStatements(sql, parsing, parser -> parser
                    .withTimeOut(parseTimeoutMillis)
                    .withBackslashEscapeCharacter(dialect == SqlDialect.SNOWFLAKE));
        } catch (JSQLParserException e) {
            throw tooLong(started) ? parseError("the statement took too long to parse", Map.of()) : unparsed(e, text);
        }
        if (parsed == null && tooLong(started)) {
            // after a timeout JSqlParser retries in its other mode, and an interrupted parse answers null
            throw parseError("the statement took too long to parse", Map.of());
        }
        List<Statement> statements = parsed == null ? List.of() : parsed.stream().filter(Objects::nonNull).toList();
        if (statements.size() > 1) {
            throw multiple();
        }
        if (statements.isEmpty()) {
            throw parseError("the statement could not be parsed", Map.of());
        }
        Statement statement = statements.get(0);
        Kind kind = kind(statement, text);
        Select select = statement instanceof ExplainStatement explain ? explain.getStatement()
                : statement instanceof Select s ? s : null;
        Inspector inspector = null;
        Set<String> called = new LinkedHashSet<>(text.calledNames());
        if (select != null) {
            inspector = new Inspector();
            try {
                select.accept((SelectVisitor<Void>) inspector, null);
            } catch (RuntimeException | StackOverflowError e) {
                if (inspector.violation == null) {
                    throw parseError("the statement is too complex or uses syntax sql_exec cannot check", Map.of());
                }
            }
            if (inspector.violation != null) {
                throw notReadOnly(inspector.violation + " is not allowed; " + ALLOWED, Map.of("statement", inspector.violation));
            }
            called.addAll(inspector.functions);
        }
        for (String name : called) {
            String denied = denied(name);
            if (denied != null) {
                String shown = denied.endsWith("$") ? denied + "..." : denied;
                throw notReadOnly("the function " + shown + " is not allowed in sql_exec", Map.of("function", shown));
            }
        }
        return new Checked(kind, text, null, inspector);
    }

    private boolean tooLong(long startedNanos) {
        return System.nanoTime() - startedNanos >= TimeUnit.MILLISECONDS.toNanos(parseTimeoutMillis);
    }

    private static Kind kind(Statement statement, SqlText text) {
        if (statement instanceof Select) {
            return Kind.SELECT;
        }
        if (statement instanceof ShowStatement || statement instanceof ShowColumnsStatement
                || statement instanceof ShowTablesStatement || statement instanceof ShowIndexStatement) {
            return Kind.SHOW;
        }
        if (statement instanceof ExplainStatement explain) {
            if (explain.getStatement() == null) {
                throw notReadOnly("EXPLAIN is allowed for a SELECT only; " + ALLOWED, Map.of("statement", "EXPLAIN"));
            }
            return Kind.EXPLAIN;
        }
        String name = statement instanceof UnsupportedStatement
                ? WRITE_WORDS.contains(text.firstWord()) ? text.firstWord() : "this kind of"
                : statementName(statement);
        throw notReadOnly(name + " statements are not allowed; " + ALLOWED, Map.of("statement", name));
    }

    /** A statement's kind from its parser class (never from the SQL text), e.g. CreateTable -> CREATE TABLE. */
    private static String statementName(Statement statement) {
        if (statement instanceof Execute execute && execute.getExecType() != null) {
            return execute.getExecType().name();
        }
        if (statement instanceof Upsert upsert && upsert.getUpsertType() != null) {
            return upsert.getUpsertType().name().replace('_', ' ');
        }
        String simple = statement.getClass().getSimpleName().replaceFirst("Statement$", "");
        return simple.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
    }

    private String denied(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (deniedNames.contains(upper)) {
            return upper;
        }
        for (String prefix : deniedPrefixes) {
            if (upper.startsWith(prefix)) {
                return prefix;
            }
        }
        return null;
    }

    private static GatewayException unparsed(JSQLParserException e, SqlText text) {
        String word = text.firstWord();
        if (word.equals("EXPLAIN") && WRITE_WORDS.contains(explained(text))) {
            return notReadOnly("EXPLAIN is allowed for a SELECT only; " + ALLOWED, Map.of("statement", "EXPLAIN"));
        }
        if (WRITE_WORDS.contains(word)) {
            return notReadOnly(word + " statements are not allowed; " + ALLOWED, Map.of("statement", word));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        if (e.getCause() instanceof ParseException parse && parse.currentToken != null && parse.currentToken.next != null) {
            details.put("line", parse.currentToken.next.beginLine);
            details.put("column", parse.currentToken.next.beginColumn);
        } else if (e.getCause() != null && e.getCause().getMessage() != null) {
            // a lexical error: only the position is taken from its message, which quotes the SQL
            Matcher position = LEXICAL_POSITION.matcher(e.getCause().getMessage());
            if (position.find()) {
                details.put("line", Integer.parseInt(position.group(1)));
                details.put("column", Integer.parseInt(position.group(2)));
            }
        }
        return parseError("the statement could not be parsed", details);
    }

    /** The first word after EXPLAIN and its options, upper-cased. */
    private static String explained(SqlText text) {
        return text.tokens().stream().skip(1).filter(t -> t.type() == SqlText.Type.WORD)
                .map(t -> t.value().toUpperCase(Locale.ROOT))
                .filter(word -> !EXPLAIN_OPTIONS.contains(word))
                .findFirst().orElse("");
    }

    private static GatewayException parseError(String message, Map<String, Object> details) {
        return new GatewayException(ErrorCode.SQL_PARSE_ERROR, message,
                "Check the SQL syntax" + (details.containsKey("line") ? " at the given line and column." : "."), details);
    }

    private static GatewayException multiple() {
        return new GatewayException(ErrorCode.SQL_MULTIPLE_STATEMENTS, "sql_exec runs exactly one statement per call",
                HINT + " Remove anything after the first semicolon.", Map.of());
    }

    private static GatewayException notReadOnly(String message, Map<String, Object> details) {
        return new GatewayException(ErrorCode.SQL_NOT_READ_ONLY, message, HINT, details);
    }

    @Override
    public void destroy() {
        parsing.shutdownNow();
    }

    /**
     * Walks a SELECT's whole tree (sub-selects, CTEs, joins, expressions) through JSqlParser's
     * table finder, noting every function called, every parameter, and the first thing that would
     * make the statement write or lock.
     */
    static final class Inspector extends TablesNamesFinder<Void> {

        final List<String> functions = new ArrayList<>();
        final List<String> namedParameters = new ArrayList<>();
        int positionalParameters;
        String violation;

        Inspector() {
            init(true);
        }

        private void violation(String what) {
            if (violation == null) {
                violation = what;
            }
        }

        private void lockingOrInto(Select select) {
            if (select.getForMode() != null || select.getForUpdateTable() != null) {
                violation("SELECT ... FOR " + (select.getForMode() == null ? "UPDATE" : select.getForMode().name().replace('_', ' ')));
            }
            if (select.getWithItemsList() != null) {
                for (WithItem<?> item : select.getWithItemsList()) {
                    if (!(item.getParenthesedStatement() instanceof ParenthesedSelect)) {
                        violation("a data-changing WITH");
                    }
                }
            }
        }

        @Override
        public <S> Void visit(Function function, S context) {
            List<String> parts = function.getMultipartName();
            if (parts != null && !parts.isEmpty()) {
                functions.add(unquote(parts.get(parts.size() - 1)));
            }
            return super.visit(function, context);
        }

        @Override
        public <S> Void visit(TableFunction tableFunction, S context) {
            if (tableFunction.getFunction() != null) {
                visit(tableFunction.getFunction(), context);
            }
            return super.visit(tableFunction, context);
        }

        @Override
        public <S> Void visit(NextValExpression nextVal, S context) {
            functions.add("NEXTVAL");
            return super.visit(nextVal, context);
        }

        @Override
        public <S> Void visit(PlainSelect select, S context) {
            if (select.getIntoTables() != null && !select.getIntoTables().isEmpty() || select.getIntoTempTable() != null) {
                violation("SELECT ... INTO");
            }
            lockingOrInto(select);
            return super.visit(select, context);
        }

        @Override
        public <S> Void visit(SetOperationList list, S context) {
            lockingOrInto(list);
            return super.visit(list, context);
        }

        @Override
        public <S> Void visit(ParenthesedSelect select, S context) {
            lockingOrInto(select);
            return super.visit(select, context);
        }

        @Override
        public <S> Void visit(JdbcNamedParameter parameter, S context) {
            namedParameters.add(parameter.getName());
            return super.visit(parameter, context);
        }

        @Override
        public <S> Void visit(JdbcParameter parameter, S context) {
            positionalParameters++;
            return super.visit(parameter, context);
        }

        @Override
        public <S> Void visit(VariableAssignment assignment, S context) {
            violation("a variable assignment");
            return super.visit(assignment, context);
        }

        @Override
        public <S> Void visit(Delete delete, S context) {
            violation("DELETE");
            return null;
        }

        @Override
        public <S> Void visit(ParenthesedDelete delete, S context) {
            violation("DELETE");
            return null;
        }

        @Override
        public <S> Void visit(Insert insert, S context) {
            violation("INSERT");
            return null;
        }

        @Override
        public <S> Void visit(ParenthesedInsert insert, S context) {
            violation("INSERT");
            return null;
        }

        @Override
        public <S> Void visit(Update update, S context) {
            violation("UPDATE");
            return null;
        }

        @Override
        public <S> Void visit(ParenthesedUpdate update, S context) {
            violation("UPDATE");
            return null;
        }

        @Override
        public <S> Void visit(Merge merge, S context) {
            violation("MERGE");
            return null;
        }

        @Override
        public <S> Void visit(Upsert upsert, S context) {
            violation("UPSERT");
            return null;
        }

        private static String unquote(String name) {
            return name.length() > 1 && (name.startsWith("\"") && name.endsWith("\"") || name.startsWith("`") && name.endsWith("`"))
                    ? name.substring(1, name.length() - 1)
                    : name;
        }
    }
}
