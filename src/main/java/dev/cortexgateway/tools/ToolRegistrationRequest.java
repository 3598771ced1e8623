package dev.cortexgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.contract.RequestValidator;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The first step of {@code POST /api/v1/tools}: reads the body and refuses uploaded code before
 * anything else, so a client that sends {@code function_code} (as the FACT API's registration does)
 * learns that the gateway never runs code it is given, not that some other field is off. Then the
 * body must match the ToolRegistration schema, as every validated request must.
 */
@Component("toolRegistrationRequest")
public final class ToolRegistrationRequest {

    static final String CODE_FIELD = "function_code";

    private final RequestValidator validator;

    public ToolRegistrationRequest(RequestValidator validator) {
        this.validator = validator;
    }

    public void read(Exchange exchange) {
        JsonNode body = validator.parseJson(exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class),
                exchange.getIn().getBody(byte[].class));
        if (body.isObject() && body.has(CODE_FIELD)) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST,
                    "The gateway never runs uploaded code: function_code is not accepted",
                    "Register a declarative tool instead (kind sql_template, http, cortex_search or cortex_analyst; "
                            + "see the ToolRegistration schema in /api/v1/openapi.json)",
                    Map.of("fields", List.of(Map.of("field", "/" + CODE_FIELD,
                            "message", "uploaded code is never run; declare what the tool does with a kind"))));
        }
        validator.requireValid("ToolRegistration", body);
        exchange.setProperty(ExchangeKeys.REQUEST_JSON, body);
    }
}
