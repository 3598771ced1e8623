package dev.cortexgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.testing.GatewayClient;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The client connections' socket buffers at their smallest allowed size: Tomcat's connector takes
 * the setting, and a request body and an answer many times the buffer still go through whole.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gateway.http.connection-buffer-bytes=512")
@ActiveProfiles({"local", "test"})
class TomcatConnectionBuffersHttpTest {

    private static final String SESSION = "6a1f0d8e-3b5c-4f7a-9d2e-1c0b8a7f6e5d";

    @LocalServerPort
    int port;

    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void theConnectorHasTheConfiguredSocketBuffers() {
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();

        assertThat(connector.getProperty("socket.appReadBufSize")).isEqualTo("512");
        assertThat(connector.getProperty("socket.appWriteBufSize")).isEqualTo("512");
    }

    @Test
    void bodiesAndAnswersLargerThanTheBuffersGoThroughWhole() throws Exception {
        GatewayClient client = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret");
        String comment = "x".repeat(19_000);

        GatewayClient.Answer answer = client.post("/api/v1/tools/sql_exec", GatewayClient.JSON.createObjectNode()
                .put("sql", "SELECT region, SUM(amount) AS revenue FROM orders /* " + comment + " */ GROUP BY region ORDER BY region")
                .put("sessionId", SESSION));
        GatewayClient.Answer tools = client.get("/api/v1/tools");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("rowCount").asInt()).isEqualTo(4);
        assertThat(tools.status()).isEqualTo(200);
        assertThat(tools.body().length()).isGreaterThan(4 * 512);
        assertThat(tools.json().isContainerNode()).isTrue();
    }
}
