package dev.cortexgateway.tools.kinds.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortexgateway.config.InvalidSettingException;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.GatewayException;
import dev.cortexgateway.tools.ToolProperties;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The http tool's allow-list of origins and the filling-in of its URL template. */
class HttpToolUrlTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpTool tool(String... allowed) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < allowed.length; i++) {
            settings.put("gateway.tools.http.allowed-hosts[" + i + "]", allowed[i]);
        }
        ToolProperties properties = new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("gateway.tools", ToolProperties.class);
        return new HttpTool(properties);
    }

    private static URI expand(String template, String name, String value) {
        ObjectNode args = JSON.createObjectNode();
        if (name != null) {
            args.put(name, value);
        }
        return tool("https://api.example.com:443").expand(template, args, JSON.createObjectNode());
    }

    private static GatewayException refused(String template, String name, String value) {
        try {
            URI uri = expand(template, name, value);
            throw new AssertionError("expected a refusal, got " + uri);
        } catch (GatewayException e) {
            return e;
        }
    }

    @Test
    void allowListEntriesAreOriginsAndABareHostFailsStartUp() {
        assertThatThrownBy(() -> tool("api.example.com")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("gateway.tools.http.allowed-hosts[0]").hasMessageContaining("bare host");
        assertThatThrownBy(() -> tool("https://api.example.com:443", "ftp://files.example.com:21"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("gateway.tools.http.allowed-hosts[1]");
        assertThatThrownBy(() -> tool("https://api.example.com/v1")).isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> tool("https://user@api.example.com")).isInstanceOf(InvalidSettingException.class);
    }

    @Test
    void registrationChecksSchemeHostAndPort() {
        HttpTool tool = tool("https://api.example.com:443", "http://127.0.0.1:8080");
        assertThat(tool.validateDefinition(definition("https://api.example.com/v1/{id}"))).isEmpty();
        assertThat(tool.validateDefinition(definition("https://API.example.com:443/v1/{id}"))).isEmpty();
        assertThat(tool.validateDefinition(definition("http://127.0.0.1:8080/v1/{id}"))).isEmpty();
        // the same hosts on other ports or schemes
        for (String url : List.of("https://api.example.com:8443/v1/{id}", "http://api.example.com/v1/{id}",
                "http://127.0.0.1:9090/v1/{id}", "http://127.0.0.1/v1/{id}", "https://127.0.0.1:8080/v1/{id}")) {
            assertThat(tool.validateDefinition(definition(url))).as(url).extracting(e -> e.get("field")).contains("/url");
        }
        assertThat(tool.validateDefinition(definition("https://api.example.com/v1/../admin/{id}")))
                .extracting(e -> e.get("message")).contains("the path must not hold . or .. segments");
    }

    @Test
    void dotSegmentsInAnyEncodingCannotWalkOutOfThePath() {
        String template = "https://api.example.com/api/{a}/end";
        for (String value : List.of("..", ".", "%2e%2e", "%2E%2E", "%252e%252e", ".%2e", "a/../..", "../../admin",
                "..\\..", "..%2F..", "%2e%2e%2f%2e%2e")) {
            GatewayException e = refused(template, "a", value);
            assertThat(e.code()).as(value).isEqualTo(ErrorCode.TOOL_ARGUMENT_INVALID);
            assertThat(e.code().status()).isEqualTo(400);
            assertThat(e.details()).containsEntry("parameter", "a");
        }
    }

    @Test
    void valuesAreOneSegmentOrOneQueryValue() {
        assertThat(expand("https://api.example.com/api/{a}/end", "a", "eu-west").toString())
                .isEqualTo("https://api.example.com/api/eu-west/end");
        assertThat(expand("https://api.example.com/api/{a}/end", "a", "a/b?x=1#f").getRawPath())
                .isEqualTo("/api/a%2Fb%3Fx%3D1%23f/end");
        assertThat(expand("https://api.example.com/api/{a}/end", "a", "...").getRawPath()).isEqualTo("/api/.../end");
        assertThat(expand("https://api.example.com/api/{a}/end", "a", "über café").getRawPath())
                .isEqualTo("/api/%C3%BCber%20caf%C3%A9/end");
        URI query = expand("https://api.example.com/search?q={q}", "q", "../x&admin=true");
        assertThat(query.getRawPath()).isEqualTo("/search");
        assertThat(query.getRawQuery()).isEqualTo("q=..%2Fx%26admin%3Dtrue");
    }

    @Test
    void aFilledInUrlKeepsTheTemplatesOrigin() {
        // a placeholder right after the authority could otherwise become a port or userinfo
        GatewayException e = refused("https://api.example.com{a}", "a", ":8443/x");
        assertThat(e.code()).isEqualTo(ErrorCode.TOOL_ARGUMENT_INVALID);
    }

    private static JsonNode definition(String url) {
        return JSON.createObjectNode().put("url", url).set("parameters", JSON.createObjectNode()
                .set("id", JSON.createObjectNode().put("type", "string")));
    }
}
