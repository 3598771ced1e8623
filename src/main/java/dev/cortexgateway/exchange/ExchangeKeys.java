package dev.cortexgateway.exchange;

/**
 * Every exchange property the gateway's routes and beans pass between steps, in one place: its name
 * (the one YAML writes as {@code ${exchangeProperty.<name>}}), what it holds, who sets it and who
 * reads it. A step that needs one of them is better handed it by the route (Camel parameter binding,
 * {@code method: "run(${exchangeProperty.sqlLimit}, ${body})"}) than reading the exchange itself.
 *
 * <p>This package depends on nothing of the gateway, so every package may name a key here without
 * an arrow back up the package graph (docs/decisions/0033-one-job-runner-and-the-package-graph.md).
 * Names never change: route files, tests and other instances' logs know them.
 */
public final class ExchangeKeys {

    private ExchangeKeys() {
    }

    // --- every route -------------------------------------------------------------------------

    /** The request's trace id (String), set first by {@code requestContext.bind}; in every error envelope. */
    public static final String TRACE_ID = "traceId";

    /** The verified caller ({@code jwt.VerifiedToken}), set by {@code tokenCheck}; read by owner, scope and rate-limit checks. */
    public static final String PRINCIPAL = "principal";

    /** The request body parsed and validated against the contract ({@code JsonNode}), set by {@code requestValidator.validate}. */
    public static final String REQUEST_JSON = "requestJson";

    /** The rate-limit headers of this call ({@code Map<String, String>}), set by {@code rateLimits}, for answers platform-http does not write (the SSE bridge). */
    public static final String RATE_LIMIT_HEADERS = "rateLimitHeaders";

    /** Nanoseconds this request waited on its upstream (long), set around upstream calls; the gateway's own overhead is the rest. */
    public static final String UPSTREAM_NANOS = "upstreamNanos";

    /** {@link System#nanoTime()} by which the caller must have its answer (long), set for tools; retries never wait past it. */
    public static final String UPSTREAM_DEADLINE_NANOS = "upstreamDeadlineNanos";

    // --- /query (routes/query.yaml) ----------------------------------------------------------

    /** The query request as read by {@code queryAnswers.begin} ({@code query.QueryAnswers.Request}). */
    public static final String QUERY_REQUEST = "queryRequest";

    /** The question (String): set by {@code queryAnswers.begin} and by cache warm-ups; what {@code direct:query-upstream} asks. */
    public static final String QUERY_TEXT = "queryText";

    /** The query's in-memory record ({@code query.QueryRecords.Query}), moved on at each step for {@code GET /query/{id}}. */
    public static final String QUERY = "query";

    /** {@code hit}, {@code miss} or {@code bypass} (String), set by {@code queryAnswers.lookup}; routes/query.yaml asks Cortex unless it is {@code hit}. */
    public static final String QUERY_CACHE_STATUS = "queryCacheStatus";

    /** The mapped answer ({@code ObjectNode}): from the cache on a hit, from {@code queryAnswers.map} otherwise. */
    public static final String QUERY_MAPPED = "queryMapped";

    /** Tokens a cache hit saved (Long), counted by the cache counters. */
    public static final String QUERY_TOKENS_SAVED = "queryTokensSaved";

    // --- /chat (routes/chat.yaml) ------------------------------------------------------------

    /** The open-run slot this chat run holds ({@code chat.ChatRunSlots.Slot}), set by {@code chatRunSlots.reserve}. */
    public static final String CHAT_RUN_SLOT = "chatRunSlot";

    /** What the SSE bridge attaches to ({@code chat.ChatAttachment}), set by {@code chatRuns}. */
    public static final String CHAT_ATTACHMENT = "chatAttachment";

    // --- tool pipelines (routes/tools.yaml, direct:tool-<name>) ----------------------------------

    /** The resolved tool ({@code tools.Tool}), set by {@code toolCatalog.resolve}. */
    public static final String TOOL = "tool";

    /** The call's arguments ({@code JsonNode}), set by the tool execution. */
    public static final String TOOL_ARGUMENTS = "toolArguments";

    /** The tool's stored definition ({@code JsonNode}), set by the tool execution. */
    public static final String TOOL_DEFINITION = "toolDefinition";

    /** The execution's deadline ({@code Duration}), set by the tool execution. */
    public static final String TOOL_TIMEOUT = "toolTimeout";

    /** The owner key of the caller (String), whose OAuth tokens an http tool may send. */
    public static final String TOOL_OWNER = "toolOwner";

    /** The end user's OAuth access token for an http tool (String), set by {@code toolTokens}; sent to the tool's own origin only. */
    public static final String TOOL_BEARER_TOKEN = "toolBearerToken";

    // --- Cortex REST calls of the tool kinds (routes/tools/cortex-call.yaml, direct:cortex-call) ----

    /** The path after {@code gateway.cortex.base-url} of the call (String, already percent-encoded), set by the kind's route. */
    public static final String CORTEX_PATH = "cortexPath";

    /** How long the call waits for each read of the answer, in milliseconds (Long), set by the kind's route. */
    public static final String CORTEX_TIMEOUT_MILLIS = "cortexTimeoutMillis";

    /** {@link System#nanoTime()} when the call was sent (Long), for {@code latencyMs}. */
    public static final String CORTEX_STARTED_NANOS = "cortexStartedNanos";

    /** The job id of an {@code /execute} execution (String); absent for a plain call. */
    public static final String EXECUTION_ID = "executionId";

    /** The row cap of a SQL tool's statement (Integer); the setting's maximum when absent. */
    public static final String SQL_LIMIT = "sqlLimit";

    /** The statement timeout of a SQL tool in seconds (Integer); the setting when absent. */
    public static final String SQL_QUERY_TIMEOUT_SECONDS = "sqlQueryTimeoutSeconds";

    /** {@link System#nanoTime()} when a SQL tool's statement was sent (Long), for {@code latencyMs}. */
    public static final String SQL_STARTED_NANOS = "sqlStartedNanos";

    /** Header, not a property: camel-jdbc's {@code JdbcConstants.JDBC_PARAMETERS}, the named parameters of a SQL template ({@code Map}). */
    public static final String JDBC_PARAMETERS_HEADER = "CamelJdbcParameters";
}
