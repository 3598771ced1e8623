package dev.cortexgateway.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.GatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The committed Postman collection works against a real gateway as Postman would send it: its variables
 * filled in, the token request first, its script's variable then carried as the bearer token of the
 * others. Only requests that change nothing other tests rely on are sent (no pipeline switches, no
 * cache invalidation).
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class PostmanCollectionHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{([^{}]+)}}");
    /** The token script's one effect, which this test performs in its place (it runs no JavaScript). */
    private static final String TOKEN_SCRIPT_EFFECT = "pm.collectionVariables.set(\"accessToken\", pm.response.json().access_token);";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> variables = new HashMap<>();
    private JsonNode collection;

    @Test
    void theTokenRequestThenTheOthersAnswer2xxWithTheContractsExampleBodies() throws Exception {
        collection = JSON.readTree(Files.readString(PostmanCollectionIsCurrentTest.COLLECTION));
        collection.path("variable").forEach(v -> variables.put(v.path("key").asText(), v.path("value").asText()));
        variables.put("baseUrl", "http://127.0.0.1:" + port);
        variables.put("clientSecret", "demo-admin-test-secret");

        JsonNode tokenItem = item("POST", "/api/v1/auth/token");
        HttpResponse<String> token = send(tokenItem);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        List<String> script = new ArrayList<>();
        tokenItem.path("event").path(0).path("script").path("exec").forEach(line -> script.add(line.asText().strip()));
        assertThat(script).contains(TOKEN_SCRIPT_EFFECT);
        variables.put("accessToken", JSON.readTree(token.body()).path("access_token").asText());
        assertThat(JSON.readTree(token.body()).path("scope").asText()).isEqualTo(variables.get("scope"));

        HttpResponse<String> validate = send(item("GET", "/api/v1/auth/validate"));
        assertThat(validate.statusCode()).as(validate.body()).isEqualTo(200);
        assertThat(JSON.readTree(validate.body()).path("clientId").asText()).isEqualTo("demo-admin");

        HttpResponse<String> query = send(item("POST", "/api/v1/query"));
        assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
        assertThat(JSON.readTree(query.body()).path("query_id").asText()).isNotBlank();

        HttpResponse<String> execute = send(item("POST", "/api/v1/tools/:toolName/execute"));
        assertThat(execute.statusCode()).as(execute.body()).isEqualTo(200);
        assertThat(JSON.readTree(execute.body()).path("result").path("rows").size()).isEqualTo(4);

        HttpResponse<String> call = send(item("POST", "/api/v1/tools/:toolName"));
        assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
        assertThat(JSON.readTree(call.body()).path("rows").size()).isEqualTo(4);

        HttpResponse<String> session = send(item("POST", "/api/v1/session/token"));
        HttpResponse<String> again = send(item("POST", "/api/v1/session/token"));
        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        assertThat(again.statusCode()).as("a new nonce each time: " + again.body()).isEqualTo(200);

        HttpResponse<String> validation = send(item("POST", "/api/v1/pipelines/validate"));
        assertThat(validation.statusCode()).as(validation.body()).isEqualTo(200);
        assertThat(JSON.readTree(validation.body()).path("valid").asBoolean()).as(validation.body()).isTrue();
    }

    /** The collection's request for this method and path (Postman's `:name` for path variables). */
    private JsonNode item(String method, String path) {
        for (JsonNode folder : collection.path("item")) {
            for (JsonNode item : folder.path("item")) {
                JsonNode request = item.path("request");
                if (method.equals(request.path("method").asText()) && ("{{baseUrl}}" + path).equals(request.path("url").path("raw").asText())) {
                    return item;
                }
            }
        }
        throw new AssertionError("the collection has no request " + method + " " + path);
    }

    /** Sends the request as Postman does: variables replaced, path variables filled, disabled headers left out. */
    private HttpResponse<String> send(JsonNode item) throws Exception {
        JsonNode request = item.path("request");
        String url = request.path("url").path("raw").asText();
        for (JsonNode variable : request.path("url").path("variable")) {
            url = url.replace(":" + variable.path("key").asText(), variable.path("value").asText());
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(fill(url))).timeout(Duration.ofSeconds(60));
        for (JsonNode header : request.path("header")) {
            if (!header.path("disabled").asBoolean()) {
                builder.header(header.path("key").asText(), fill(header.path("value").asText()));
            }
        }
        if (!"noauth".equals(request.path("auth").path("type").asText())) {
            builder.header("Authorization", "Bearer " + fill(collection.path("auth").path("bearer").path(0).path("value").asText()));
        }
        String body = request.path("body").path("raw").asText(null);
        builder.method(request.path("method").asText(),
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(fill(body)));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String fill(String text) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = "$guid".equals(name) ? UUID.randomUUID().toString() : variables.get(name);
            assertThat(value).as("the collection variable " + name).isNotNull();
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(filled).toString();
    }
}
