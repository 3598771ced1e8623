package dev.cortexgateway.openai;

import static dev.cortexgateway.config.CortexProperties.present;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.config.CortexProperties;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The OpenAI models this gateway serves: one, the configured Cortex agent, under the id
 * {@code gateway.openai.model-id} (or the agent's model or object name). {@code GET /v1/models}
 * lists it; a completion naming another model is refused 404 {@code model_not_found}, as OpenAI does.
 */
@Component("openAiModels")
public final class OpenAiModels {

    private final String id;
    private final String ownedBy;
    /** OpenAI's {@code created} is when the model was made; here, when this gateway started serving it. */
    private final long created;
    private final ObjectMapper json;

    public OpenAiModels(OpenAiProperties properties, CortexProperties cortex, ObjectMapper json, Clock clock) {
        this.id = present(properties.modelId()) ? properties.modelId().trim() : defaultId(cortex.agent());
        this.ownedBy = properties.ownedBy();
        this.created = clock.instant().getEpochSecond();
        this.json = json;
    }

    /** The model id completions answer with. */
    public String id() {
        return id;
    }

    /** Route step of {@code GET /v1/models}: the list, as OpenAI's {@code {"object":"list","data":[model]}}. */
    public void list(Exchange exchange) {
        ObjectNode list = json.createObjectNode().put("object", "list");
        list.putArray("data").add(model());
        exchange.getMessage().setBody(list);
    }

    /** Route step of {@code GET /v1/models/{model}}: one model, or 404 {@code model_not_found}. */
    public void get(Exchange exchange) {
        String requested = exchange.getIn().getHeader("model", String.class);
        if (!id.equals(requested)) {
            throw notFound(requested);
        }
        exchange.getMessage().setBody(model());
    }

    /** Route step of {@code POST /v1/chat/completions}: the request's {@code model} must be the one served. */
    public void require(Exchange exchange) {
        JsonNode request = exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class);
        String requested = request.path("model").asText();
        if (!id.equals(requested)) {
            throw notFound(requested);
        }
    }

    private ObjectNode model() {
        return json.createObjectNode().put("id", id).put("object", "model").put("created", created).put("owned_by", ownedBy);
    }

    private GatewayException notFound(String requested) {
        // the requested name is the client's own input: quoted back only when it is short and printable
        String shown = requested != null && requested.length() <= 64 && requested.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                ? "'" + requested + "' " : "";
        return new GatewayException(ErrorCode.NOT_FOUND, "The model " + shown + "does not exist on this gateway",
                "GET /v1/models lists the model ids served", Map.of("param", "model", OpenAiErrors.OPENAI_CODE, "model_not_found"));
    }

    private static String defaultId(CortexProperties.Agent agent) {
        return agent.mode() == CortexProperties.Mode.OBJECT ? agent.name() : agent.model();
    }
}
