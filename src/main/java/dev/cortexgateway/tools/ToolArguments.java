package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.contract.RequestValidator;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.tools.kinds.ToolKinds;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The validate step of every tool pipeline: the call's arguments (exchange property
 * {@value ExchangeKeys#TOOL_ARGUMENTS}) against the tool's parameter schema — the contract's schema for built-in
 * kinds, the declared parameters for registered ones.
 */
@Component("toolArguments")
public final class ToolArguments {

    private final RequestValidator validator;
    private final ToolKinds kinds;

    public ToolArguments(RequestValidator validator, ToolKinds kinds) {
        this.validator = validator;
        this.kinds = kinds;
    }

    public void validate(Exchange exchange) {
        check(exchange.getProperty(ExchangeKeys.TOOL, Tool.class), exchange.getProperty(ExchangeKeys.TOOL_ARGUMENTS, JsonNode.class));
    }

    /** Throws 400 with field details when {@code arguments} do not fit the tool. */
    public void check(Tool tool, JsonNode arguments) {
        String schema = kinds.find(tool.kind()).flatMap(kind -> kind.argumentSchema()).orElse(null);
        List<Map<String, String>> fields = schema != null
                ? validator.violations(schema, arguments)
                : validator.violations("tool:" + tool.name() + "@" + tool.revision(), tool.parameters(), arguments);
        if (!fields.isEmpty()) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "The arguments do not match the parameters of tool '"
                    + tool.name() + "'", "Fix the fields listed in details.fields; GET /api/v1/tools/" + tool.name()
                    + " shows the parameter schema", Map.of("fields", fields, "tool", tool.name()));
        }
    }
}
