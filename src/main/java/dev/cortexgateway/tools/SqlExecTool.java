package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.sql.SqlGuard;
import dev.cortexgateway.sql.SqlToolProperties;
import dev.cortexgateway.sql.SqlWarehouse;
import dev.cortexgateway.sql.WarehouseQuery;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The verify steps of the SQL pipelines (routes/tools.yaml): only a read-only statement reaches
 * camel-jdbc. For {@code sql_exec} the caller's statement must pass the SQL guard; for a
 * {@code sql_template} tool the admin's template passed it at registration, and the arguments are
 * bound as JDBC parameters, never spliced into the text. Either way the body becomes the statement
 * and {@code sqlLimit} the row cap (one more row is fetched to see truncation).
 * Parameter values are never logged: they are the caller's data.
 */
@Component("sqlExecTool")
public final class SqlExecTool {

    public static final String LIMIT = "sqlLimit";
    public static final String QUERY_TIMEOUT = "sqlQueryTimeoutSeconds";
    public static final String STARTED = "sqlStartedNanos";

    private final SqlGuard guard;
    private final SqlWarehouse warehouse;
    private final SqlToolProperties properties;

    public SqlExecTool(SqlGuard guard, SqlWarehouse warehouse, SqlToolProperties properties) {
        this.guard = guard;
        this.warehouse = warehouse;
        this.properties = properties;
    }

    /** sql_exec: {@code {sql, sessionId, limit?}}. */
    public void prepare(Exchange exchange) {
        JsonNode args = exchange.getProperty(ToolArguments.ARGUMENTS, JsonNode.class);
        String statement = guard.requireReadOnly(args.path("sql").asText(), warehouse.dialect()).sql();
        int limit = args.hasNonNull("limit") ? Math.min(args.get("limit").asInt(), properties.maxRows()) : properties.maxRows();
        start(exchange, statement, limit, properties.queryTimeoutSeconds());
    }

    /** sql_template: the stored template, its parameters as headers (camel-jdbc binds them by name). */
    public void prepareTemplate(Exchange exchange) {
        JsonNode definition = exchange.getProperty(ToolArguments.DEFINITION, JsonNode.class);
        JsonNode args = exchange.getProperty(ToolArguments.ARGUMENTS, JsonNode.class);
        SqlGuard.TemplateStatement template = guard.requireReadOnlyTemplate(definition.path("sql").asText(), warehouse.dialect());
        // exactly the declared parameters: exactly these are bound, nothing from other headers
        Map<String, Object> parameters = new HashMap<>();
        for (String name : template.parameters()) {
            JsonNode value = args.has(name) ? args.get(name) : definition.path("parameters").path(name).path("default");
            parameters.put(name, javaValue(value));
        }
        exchange.getIn().setHeader(WarehouseQuery.PARAMETERS, parameters);
        int limit = definition.hasNonNull("maxRows") ? Math.min(definition.get("maxRows").asInt(), properties.maxRows())
                : properties.maxRows();
        start(exchange, template.sql(), limit, properties.queryTimeoutSeconds());
    }

    /** {@link dev.cortexgateway.sql.WarehouseQuery} reads {@code limit + 1} rows: one more than it returns tells a truncated result. */
    private static void start(Exchange exchange, String statement, int limit, int queryTimeoutSeconds) {
        exchange.getIn().setBody(statement);
        exchange.setProperty(LIMIT, limit);
        exchange.setProperty(QUERY_TIMEOUT, queryTimeoutSeconds);
        exchange.setProperty(STARTED, System.nanoTime());
    }

    private static Object javaValue(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return value.asText();
    }
}
