package dev.cortexgateway.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.client.ApiClient;
import dev.cortexgateway.client.api.AuthApi;
import dev.cortexgateway.client.api.JobsApi;
import dev.cortexgateway.client.api.QueryApi;
import dev.cortexgateway.client.api.ToolsApi;
import dev.cortexgateway.client.model.AccessTokenResponse;
import dev.cortexgateway.client.model.CancellationResponse;
import dev.cortexgateway.client.model.ClientCredentialsRequest;
import dev.cortexgateway.client.model.Job;
import dev.cortexgateway.client.model.QueryAnswer;
import dev.cortexgateway.client.model.QueryRequest;
import dev.cortexgateway.client.model.ToolExecution;
import dev.cortexgateway.client.model.ToolExecutionRequest;
import dev.cortexgateway.client.model.ToolExecutionRequestExecutionOptions;
import dev.cortexgateway.client.model.ToolExecutionResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The contract proven by a client nobody wrote: the Java client that openapi-generator makes from the
 * OpenAPI document at build time (target/generated-test-sources/openapi) runs a confidential client's
 * whole session against the real gateway. Nothing here builds a URL or parses JSON by hand; when the
 * contract and the gateway disagree on a path, a parameter or a field, this test fails.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class GeneratedClientFlowHttpTest {

    /** 10^12 joined rows of the sample data: runs until it is cancelled (or its 60 s deadline). */
    /** Every call names the version it speaks (Accept-Version), as a client pinned to v1 would. */
    private static final String API_VERSION = "v1";
    private static final String LONG_STATEMENT =
            "SELECT COUNT(*) AS n FROM orders a, orders b, orders c, orders d, orders e, orders f";

    @LocalServerPort
    int port;

    @Test
    void tokenQueryToolExecutionAndACancelledJob() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port);

        // token: OAuth 2.0 client_credentials
        AccessTokenResponse token = new AuthApi(client).createAccessToken(new ClientCredentialsRequest()
                .grantType("client_credentials").clientId("demo-admin").clientSecret("demo-admin-test-secret")
                .scope("query tools"), API_VERSION);
        assertThat(token.getAccessToken()).isNotBlank();
        assertThat(token.getScope()).isEqualTo("query tools");
        assertThat(token.getTokenType()).isEqualTo("Bearer");
        assertThat(token.getExpiresIn()).isPositive();
        // the native library leaves security schemes to the caller: the bearer token goes on every request
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token.getAccessToken()));

        // query: a miss, then the same question served from the cache
        QueryApi query = new QueryApi(client);
        String question = "What was the revenue by quarter in 2024? " + UUID.randomUUID();
        QueryAnswer miss = query.query(new QueryRequest().query(question), API_VERSION);
        QueryAnswer hit = query.query(new QueryRequest().query(question), API_VERSION);
        assertThat(miss.getQueryId()).isNotBlank().isNotEqualTo(hit.getQueryId());
        assertThat(miss.getResponse()).isNotBlank().isEqualTo(hit.getResponse());
        assertThat(miss.getMetadata().getCacheStatus().getValue()).isEqualTo("miss");
        assertThat(hit.getMetadata().getCacheStatus().getValue()).isEqualTo("hit");

        // tool execution: sql_exec, synchronous, with its rows
        ToolsApi tools = new ToolsApi(client);
        ToolExecution done = tools.executeTool("sql_exec", new ToolExecutionRequest()
                .arguments(Map.of("sql", "SELECT region, COUNT(*) AS orders FROM orders GROUP BY region ORDER BY region",
                        "sessionId", UUID.randomUUID().toString()))
                .executionOptions(new ToolExecutionRequestExecutionOptions().async(false)), null, API_VERSION);
        assertThat(done.getExecutionId()).isNotBlank();
        // date-times the client parsed (format date-time), in order
        assertThat(done.getUpdatedAt()).isAfterOrEqualTo(done.getCreatedAt());
        // the FACT API's word for a finished execution
        assertThat(done.getStatus().getValue()).isEqualTo("completed");
        assertThat(regions(done.getResult())).containsExactly("APAC", "EMEA", "LATAM", "NA");

        // a job: the same tool, async, on a statement that runs until it is stopped
        ToolExecution accepted = tools.executeTool("sql_exec", new ToolExecutionRequest()
                .arguments(Map.of("sql", LONG_STATEMENT, "sessionId", UUID.randomUUID().toString()))
                .executionOptions(new ToolExecutionRequestExecutionOptions().async(true).timeoutSeconds(60)), null, API_VERSION);
        String jobId = accepted.getJobId();
        assertThat(jobId).isNotBlank();
        JobsApi jobs = new JobsApi(client);
        await("job " + jobId + " running").atMost(Duration.ofSeconds(30))
                .until(() -> jobs.getJob(jobId, API_VERSION).getStatus().getValue(), "running"::equals);

        CancellationResponse cancelled = jobs.cancelJob(jobId, API_VERSION);
        assertThat(cancelled.getJobId()).isEqualTo(jobId);
        assertThat(cancelled.getStatus().getValue()).isEqualTo("cancelled");
        assertThat(cancelled.getCancelledAt()).isNotNull();
        assertThat(cancelled.getMessage()).isNotBlank();
        Job read = jobs.getJob(jobId, API_VERSION);
        assertThat(read.getStatus().getValue()).isEqualTo("cancelled");
        assertThat(read.getKind()).isEqualTo("tool:sql_exec");
        assertThat(read.getUpdatedAt()).isAfterOrEqualTo(read.getCreatedAt());
    }

    /**
     * The region of every row of a sql_exec result: the FACT API's table, rows as objects keyed by
     * column (the contract leaves a row's keys to the statement, so the client reads each as a map).
     */
    private static List<Object> regions(ToolExecutionResult result) {
        assertThat(result).as("the execution's result").isNotNull();
        assertThat(result.getColumns()).containsExactly("region", "orders");
        assertThat(result.getRowCount()).isEqualTo(result.getRows().size());
        return result.getRows().stream()
                .map(row -> {
                    assertThat(row).as("a row").isInstanceOf(Map.class);
                    return ((Map<?, ?>) row).get("region");
                })
                .map(Object.class::cast)
                .toList();
    }
}
