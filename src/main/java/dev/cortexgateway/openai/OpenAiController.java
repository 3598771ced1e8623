package dev.cortexgateway.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.chat.ChatAttachment;
import dev.cortexgateway.chat.ChatRuns;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.exchange.ExchangeKeys;
import dev.cortexgateway.limits.RateLimits;
import dev.cortexgateway.route.BridgedRequests;
import dev.cortexgateway.route.RequestContext;
import dev.cortexgateway.sse.SseStream;
import dev.cortexgateway.sse.SseStreams;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The HTTP side of the OpenAI-compatible door, as the chat's SSE bridge is for {@code /api/v1/chat}
 * (docs/decisions/0005-chat-streaming.md): each endpoint's pipeline is a YAML route in
 * routes/openai.yaml; this controller hands it the request and answers what it left. For
 * {@code POST /v1/chat/completions} (whose route ends in the chat's own dispatch) that is the attached
 * run, served in OpenAI's format: as chunks ({@code stream: true}) or as one {@code chat.completion}
 * once the run's final event is in. Every pipeline failure is answered in OpenAI's error shape
 * ({@link OpenAiErrors}).
 */
@RestController
final class OpenAiController {

    static final String SESSION_HEADER = "X-Session-Id";
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiController.class);

    private final ProducerTemplate routes;
    private final SseStreams streams;
    private final ChatRuns runs;
    private final OpenAiModels models;
    private final OpenAiErrors errors;
    private final ObjectMapper json;
    private final Clock clock;

    OpenAiController(ProducerTemplate routes, SseStreams streams, ChatRuns runs, OpenAiModels models,
                                OpenAiErrors errors, ObjectMapper json, Clock clock) {
        this.routes = routes;
        this.streams = streams;
        this.runs = runs;
        this.models = models;
        this.errors = errors;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
    Object completions(HttpServletRequest request, HttpServletResponse response, @RequestBody(required = false) byte[] body) {
        Exchange exchange = run("direct:openai-chat-completions", request, body, null);
        RateLimits.headers(exchange).forEach(response::setHeader);
        ChatAttachment attachment = exchange.getProperty(ExchangeKeys.CHAT_ATTACHMENT, ChatAttachment.class);
        if (attachment == null) {
            return error(exchange);
        }
        OpenAiRequests.Options options = exchange.getProperty(OpenAiRequests.OPTIONS, OpenAiRequests.Options.class);
        response.setHeader("X-Stream-Id", attachment.streamId());
        response.setHeader(SESSION_HEADER, options.sessionId());
        OpenAiCompletions completions = new OpenAiCompletions(json, attachment.streamId(), models.id(),
                clock.instant().getEpochSecond());
        if (options.stream()) {
            response.setHeader("Cache-Control", "no-cache");
            // nginx and similar proxies buffer responses unless told not to
            response.setHeader("X-Accel-Buffering", "no");
            SseStream stream = streams.open(attachment.streamId());
            runs.serve(attachment, stream, new OpenAiChunkWriter(stream, json, completions, errors, options.includeUsage()));
            return stream.emitter();
        }
        return whole(attachment, completions);
    }

    @GetMapping("/v1/models")
    ResponseEntity<String> models(HttpServletRequest request) throws JsonProcessingException {
        return modelAnswer(run("direct:openai-models", request, null, null));
    }

    @GetMapping("/v1/models/{model}")
    ResponseEntity<String> model(HttpServletRequest request, @PathVariable String model) throws JsonProcessingException {
        return modelAnswer(run("direct:openai-model", request, null, model));
    }

    private ResponseEntity<String> modelAnswer(Exchange exchange) throws JsonProcessingException {
        Object answer = exchange.getMessage().getBody();
        if (exchange.getException() != null || exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE) != null
                || !(answer instanceof JsonNode)) {
            return error(exchange);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore())
                .body(json.writeValueAsString(answer));
    }

    /** The non-streaming answer: the run read by a collector, answered when its final (or error) event is in. */
    private DeferredResult<ResponseEntity<String>> whole(ChatAttachment attachment, OpenAiCompletions completions) {
        DeferredResult<ResponseEntity<String>> result = new DeferredResult<>();
        SseStream reading = streams.detached();
        OpenAiAnswerCollector collector = new OpenAiAnswerCollector(json, completions, errors, (status, body) -> {
            result.setResult(ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body));
            reading.complete();
        });
        reading.onClose(() -> collector.ended(errors.fromEnvelope(503, """
                {"error":{"code":"SERVICE_UNAVAILABLE","message":"The answer ended before it was complete",\
                "hint":"Send the request again","details":{}}}""")));
        // a client that leaves frees the reader: the run's grace period then applies as for a chat stream
        result.onError(failure -> reading.complete());
        runs.serve(attachment, reading, collector);
        return result;
    }

    private ResponseEntity<String> error(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 500, Integer.class);
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        for (String header : new String[] {"WWW-Authenticate", "Retry-After"}) {
            String value = exchange.getMessage().getHeader(header, String.class);
            if (value != null) {
                answer.header(header, value);
            }
        }
        if (exchange.getException() != null) {
            // no onException answered (Camel starting or stopping: 503; a failure outside the error
            // handling: 500), saying nothing of the cause
            GatewayException unanswered = BridgedRequests.unanswered(exchange.getException());
            LOG.warn("Unanswered failure in route {}: {} (traceId {})", exchange.getFromRouteId(),
                    exchange.getException().getClass().getName(), RequestContext.traceId(exchange));
            ObjectNode envelope = json.createObjectNode();
            envelope.putObject("error").put("code", unanswered.code().name()).put("message", unanswered.getMessage())
                    .put("hint", unanswered.hint()).putObject("details");
            return BridgedRequests.unansweredStatus(unanswered)
                    .body(errors.fromEnvelope(unanswered.code().status(), envelope.toString()));
        }
        String envelope = exchange.getMessage().getBody(String.class);
        String reshaped = errors.fromEnvelope(status, envelope);
        return answer.body(reshaped == null ? envelope : reshaped);
    }

    private Exchange run(String endpoint, HttpServletRequest request, byte[] body, String model) {
        return routes.send(endpoint, ExchangePattern.InOut, exchange -> {
            var in = exchange.getIn();
            BridgedRequests.copy(request, in);
            if (model != null) {
                in.setHeader("model", model);
            }
            in.setBody(body);
        });
    }
}
