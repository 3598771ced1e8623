package dev.cortexgateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The SQL API v2 over the sample warehouse: {@code POST /api/v2/statements} runs one read-only
 * statement and answers the jsonv2 ResultSet (or 422 QueryFailureStatus); {@code async=true}
 * answers 202 and the result is fetched with {@code GET /api/v2/statements/{handle}}. Statements
 * finish before the POST answers, so cancel finds them complete and says so. The last
 * {@code gateway.simulator.recent-statements} outcomes are kept for GET.
 */
@RestController
public final class StatementsController {

    private static final String REFUSED_CODE = "003001";
    private static final String COMPILATION_CODE = "001003";

    private final Warehouse warehouse;
    private final SimulatorRuns runs;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, ResponseEntity<ObjectNode>> recent;

    public StatementsController(Warehouse warehouse, SimulatorRuns runs, ObjectMapper json, Clock clock,
                                SimulatorProperties properties) {
        this.warehouse = warehouse;
        this.runs = runs;
        this.json = json;
        this.clock = clock;
        int capacity = properties.recentStatements();
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ResponseEntity<ObjectNode>> eldest) {
                return size() > capacity;
            }
        };
    }

    @PostMapping(path = "/api/v2/statements")
    public ResponseEntity<ObjectNode> submit(@RequestBody JsonNode body,
                                             @RequestParam(name = "async", defaultValue = "false") boolean async,
                                             HttpServletRequest request, HttpServletResponse response) {
        String requestId = SnowflakeResponses.requestId(request, response);
        if (body == null || !body.isObject() || !body.path("statement").isTextual()) {
            throw SnowflakeError.badRequest("statement is required and must be a string");
        }
        JsonNode timeout = body.get("timeout");
        if (timeout != null && !timeout.isNull() && (!timeout.canConvertToInt() || timeout.intValue() < 0)) {
            throw SnowflakeError.badRequest("timeout must be a non-negative integer (seconds)");
        }
        runs.recordStarted("statements");
        String sql = body.get("statement").asText();
        long createdOn = clock.millis();
        ResponseEntity<ObjectNode> outcome = execute(sql, timeout == null ? 0 : timeout.intValue(), requestId, createdOn);
        String handle = outcome.getBody().get("statementHandle").asText();
        synchronized (recent) {
            recent.put(handle, outcome);
        }
        if (outcome.getStatusCode().is2xxSuccessful()) {
            runs.recordCompleted();
        } else {
            runs.recordAborted();
        }
        if (async) {
            ObjectNode status = json.createObjectNode().put("code", "333334")
                    .put("message", "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.")
                    .put("statementHandle", handle).put("statementStatusUrl", "/api/v2/statements/" + handle);
            return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON).body(status);
        }
        return outcome;
    }

    @GetMapping(path = "/api/v2/statements/{handle}")
    public ResponseEntity<ObjectNode> status(@PathVariable String handle) {
        return known(handle);
    }

    @PostMapping(path = "/api/v2/statements/{handle}/cancel")
    public ResponseEntity<ObjectNode> cancel(@PathVariable String handle, HttpServletRequest request,
                                             HttpServletResponse response) {
        known(handle);
        ObjectNode body = json.createObjectNode().put("code", "000000").put("sqlState", "00000")
                .put("message", "Statement had already completed; nothing was running to cancel.")
                .put("statementHandle", handle).put("statementStatusUrl", "/api/v2/statements/" + handle)
                .put("requestId", SnowflakeResponses.requestId(request, response));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private ResponseEntity<ObjectNode> known(String handle) {
        ResponseEntity<ObjectNode> outcome;
        synchronized (recent) {
            outcome = recent.get(handle);
        }
        if (outcome == null) {
            throw SnowflakeError.notFound("Statement " + handle + " not found");
        }
        return outcome;
    }

    private ResponseEntity<ObjectNode> execute(String sql, int timeoutSeconds, String requestId, long createdOn) {
        try {
            ResultTable table = warehouse.query(sql, timeoutSeconds);
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .body(ResultSets.statementResult(json, table, requestId, createdOn));
        } catch (Warehouse.Refused e) {
            return failure(UUID.randomUUID().toString(), REFUSED_CODE, "42501",
                    "SQL access control error: the simulator's warehouse is read-only: " + e.getMessage(), createdOn);
        } catch (SQLException e) {
            String message = e.getMessage() == null ? "SQL compilation error" : e.getMessage().lines().findFirst().orElse("");
            return failure(UUID.randomUUID().toString(), COMPILATION_CODE,
                    e.getSQLState() == null ? "42000" : e.getSQLState(), "SQL compilation error: " + message, createdOn);
        }
    }

    private ResponseEntity<ObjectNode> failure(String handle, String code, String sqlState, String message, long createdOn) {
        ObjectNode body = json.createObjectNode().put("code", code).put("sqlState", sqlState).put("message", message)
                .put("statementHandle", handle).put("createdOn", createdOn);
        return ResponseEntity.unprocessableEntity().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
