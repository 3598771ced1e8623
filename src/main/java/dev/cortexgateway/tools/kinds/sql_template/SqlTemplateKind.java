package dev.cortexgateway.tools.kinds.sql_template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.sql.SqlGuard;
import dev.cortexgateway.sql.SqlToolProperties;
import dev.cortexgateway.tools.kinds.DefinitionErrors;
import dev.cortexgateway.tools.kinds.ToolKind;
import dev.cortexgateway.tools.kinds.ToolRoute;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code sql_template}: an admin's read-only query whose {@code :name} parameters are the tool's
 * arguments, bound as JDBC parameters. The template must be one read-only statement using exactly
 * the declared parameters. Same caps as sql_exec. Route: routes/tools/sql_template.yaml.
 */
@Component
@Order(1)
public final class SqlTemplateKind implements ToolKind {

    public static final String NAME = "sql_template";

    private final SqlGuard guard;
    private final SqlToolProperties sql;

    public SqlTemplateKind(SqlGuard guard, SqlToolProperties sql) {
        this.guard = guard;
        this.sql = sql;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean registrable() {
        return true;
    }

    @Override
    public List<Map<String, String>> validateDefinition(JsonNode definition, Set<String> declared) {
        DefinitionErrors errors = new DefinitionErrors();
        List<String> used;
        try {
            used = guard.requireReadOnlyTemplate(definition.path("sql").asText()).parameters();
        } catch (GatewayException refused) {
            return errors.add("/sql", refused.code().name() + ": " + refused.getMessage()).list();
        }
        for (String name : used) {
            if (!declared.contains(name)) {
                errors.add("/sql", "uses :" + name + ", which is not declared in parameters");
            }
        }
        for (String name : declared) {
            if (!used.contains(name)) {
                errors.add("/parameters/" + name, "is declared but the SQL does not use :" + name);
            }
        }
        return errors.list();
    }

    @Override
    public Map<String, String> definitionHints() {
        return Map.of("/sql", "Write one read-only SELECT (or WITH) statement; bind each argument as :name and declare it under parameters");
    }

    @Override
    public OptionalLong maxResultBytes() {
        return OptionalLong.of(sql.maxResultBytes());
    }

    @Override
    public ToolRoute route() {
        return ToolRoute.calling("warehouse", "direct:tool-kind-sql_template-run")
                .withPrepare("direct:tool-kind-sql_template-prepare")
                .withMap("direct:tool-kind-sql_template-map");
    }
}
