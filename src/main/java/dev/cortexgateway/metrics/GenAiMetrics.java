package dev.cortexgateway.metrics;

import dev.cortexgateway.config.CortexProperties;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The gateway's GenAI instruments, named and tagged after the OpenTelemetry GenAI semantic
 * conventions so dashboards built for other GenAI clients read them as they are (Micrometer writes
 * {@code gen_ai.client.operation.duration} as {@code gen_ai_client_operation_duration_seconds} on
 * /actuator/prometheus, which is also what an OpenTelemetry Prometheus exporter would write). Bucket
 * boundaries are the conventions' advised ones. Prometheus wants one set of label names per metric, so
 * an attribute the convention would leave out is sent empty ({@code error.type=""} on success), which
 * PromQL treats as absent.
 */
@Component
public final class GenAiMetrics {

    public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    public static final String TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";

    static final String OPERATION = "gen_ai.operation.name";
    static final String PROVIDER = "gen_ai.provider.name";
    static final String REQUEST_MODEL = "gen_ai.request.model";
    static final String RESPONSE_MODEL = "gen_ai.response.model";
    static final String TOOL = "gen_ai.tool.name";
    static final String TOKEN_TYPE = "gen_ai.token.type";
    static final String ERROR_TYPE = "error.type";
    static final String SNOWFLAKE = "snowflake";

    private static final Duration[] DURATION_BUCKETS = seconds(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
            5.12, 10.24, 20.48, 40.96, 81.92);
    private static final Duration[] FIRST_TOKEN_BUCKETS = seconds(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1,
            0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
            4194304, 16777216, 67108864};

    private final MeterRegistry registry;
    private final String chatModel;

    public GenAiMetrics(MeterRegistry registry, CortexProperties cortex) {
        this.registry = registry;
        // a named agent object picks its own model; the request names none then
        this.chatModel = cortex.agent().mode() == CortexProperties.Mode.INLINE ? cortex.agent().model() : "";
    }

    /** The model chat requests ask for ({@code gen_ai.request.model}); empty for agent objects. */
    public String chatModel() {
        return chatModel;
    }

    /** One Cortex agent run, from sending the request to its last event; {@code errorType} null when it succeeded. */
    public void chatFinished(long nanos, String errorType) {
        operation("chat", SNOWFLAKE, chatModel, "", errorType).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * One tool execution, its pipeline from start to result. {@code provider} is whom its kind talks to
     * (tools/kinds ToolKind#provider): Snowflake for the Cortex and warehouse kinds, {@code http} for
     * an outside host, {@code cortex-gateway} for none.
     */
    public void toolExecuted(String tool, String provider, long nanos, String errorType) {
        operation("execute_tool", provider, "", tool, errorType).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** From the chat request's arrival to the first token event written to the client. */
    public void timeToFirstToken(long nanos) {
        Timer.builder(TIME_TO_FIRST_TOKEN)
                .description("Time from a chat request's arrival to its first token event sent to the client")
                .tags(Tags.of(OPERATION, "chat", PROVIDER, SNOWFLAKE, REQUEST_MODEL, chatModel))
                .serviceLevelObjectives(FIRST_TOKEN_BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Tokens Cortex says one chat run used, as its {@code response} event's usage reports them. */
    public void tokens(String responseModel, long inputTokens, long outputTokens) {
        tokenSummary("input", responseModel).record(inputTokens);
        tokenSummary("output", responseModel).record(outputTokens);
    }

    private DistributionSummary tokenSummary(String type, String responseModel) {
        // no base unit: the convention's unit is {token}, which Prometheus exporters leave out of the name
        return DistributionSummary.builder(TOKEN_USAGE)
                .description("Tokens used per chat run, by token type (input, output)")
                .tags(Tags.of(OPERATION, "chat", PROVIDER, SNOWFLAKE, REQUEST_MODEL, chatModel,
                        RESPONSE_MODEL, responseModel == null ? "" : responseModel, TOKEN_TYPE, type))
                .serviceLevelObjectives(TOKEN_BUCKETS)
                .register(registry);
    }

    private Timer operation(String operation, String provider, String model, String tool, String errorType) {
        return Timer.builder(OPERATION_DURATION)
                .description("Duration of GenAI operations the gateway runs upstream: chat runs and tool executions")
                .tags(Tags.of(OPERATION, operation, PROVIDER, provider, REQUEST_MODEL, model, TOOL, tool,
                        ERROR_TYPE, errorType == null ? "" : errorType))
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry);
    }

    private static Duration[] seconds(double... values) {
        return Arrays.stream(values).mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);
    }
}
