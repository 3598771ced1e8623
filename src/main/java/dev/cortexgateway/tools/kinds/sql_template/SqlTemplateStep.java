package dev.cortexgateway.tools.kinds.sql_template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.sql.SqlGuard;
import dev.cortexgateway.sql.SqlToolProperties;
import dev.cortexgateway.sql.SqlWarehouse;
import dev.cortexgateway.sql.WarehouseQuery;
import dev.cortexgateway.tools.kinds.sql_exec.SqlExecStep;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The prepare step of sql_template (routes/tools/sql_template.yaml), the kind's one Camel step: the
 * admin's template passed the SQL guard at registration and passes it again here; the arguments are
 * bound as named JDBC parameters (camel-jdbc binds them by name), never spliced into the text.
 * Parameter values are never logged: they are the caller's data.
 */
@Component("sqlTemplateStep")
public final class SqlTemplateStep {

    private final SqlGuard guard;
    private final SqlWarehouse warehouse;
    private final SqlToolProperties properties;

    public SqlTemplateStep(SqlGuard guard, SqlWarehouse warehouse, SqlToolProperties properties) {
        this.guard = guard;
        this.warehouse = warehouse;
        this.properties = properties;
    }

    public void prepare(JsonNode definition, JsonNode args, Exchange exchange) {
        SqlGuard.TemplateStatement template = guard.requireReadOnlyTemplate(definition.path("sql").asText(), warehouse.dialect());
        // exactly the declared parameters: exactly these are bound, nothing from other headers
        Map<String, Object> parameters = new HashMap<>();
        for (String name : template.parameters()) {
            JsonNode value = args.has(name) ? args.get(name) : definition.path("parameters").path(name).path("default");
            parameters.put(name, javaValue(value));
        }
        exchange.getIn().setHeader(ExchangeKeys.JDBC_PARAMETERS_HEADER, parameters);
        int limit = definition.hasNonNull("maxRows") ? Math.min(definition.get("maxRows").asInt(), properties.maxRows())
                : properties.maxRows();
        SqlExecStep.start(exchange, template.sql(), limit, properties.queryTimeoutSeconds());
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
