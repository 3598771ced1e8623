package dev.cortexgateway.tools.kinds.sql_exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.sql.SqlToolProperties;
import dev.cortexgateway.tools.kinds.BuiltInTool;
import dev.cortexgateway.tools.kinds.ToolKind;
import dev.cortexgateway.tools.kinds.ToolRoute;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code sql_exec}: the built-in tool that runs one read-only statement of the caller's on the
 * warehouse, at most min(limit, gateway.tools.sql.max-rows) rows and gateway.tools.sql.max-result-bytes
 * of answer. Not registrable. Route: routes/tools/sql_exec.yaml.
 */
@Component
@Order(5)
public final class SqlExecKind implements ToolKind {

    public static final String NAME = "sql_exec";
    public static final String TOOL = "sql_exec";

    private final SqlToolProperties sql;
    private final ObjectMapper json;

    public SqlExecKind(SqlToolProperties sql, ObjectMapper json) {
        this.sql = sql;
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> argumentSchema() {
        return Optional.of("SqlExecArguments");
    }

    @Override
    public OptionalLong maxResultBytes() {
        return OptionalLong.of(sql.maxResultBytes());
    }

    @Override
    public ToolRoute route() {
        return ToolRoute.calling("warehouse", "direct:tool-kind-sql_exec-run")
                .withPrepare("direct:tool-kind-sql_exec-prepare")
                .withMap("direct:tool-kind-sql_exec-map");
    }

    @Override
    public Optional<String> toolForCortexType(String cortexType) {
        boolean sqlExec = cortexType.contains("sql_exec") || cortexType.contains("execute_sql");
        return sqlExec ? Optional.of(TOOL) : Optional.empty();
    }

    @Override
    public Optional<BuiltInTool> builtIn() {
        return Optional.of(new BuiltInTool(TOOL,
                "Runs one read-only SELECT, WITH, SHOW, DESCRIBE or EXPLAIN statement on the warehouse (at most 500 rows)",
                true, json.createObjectNode().put("kind", NAME)));
    }
}
