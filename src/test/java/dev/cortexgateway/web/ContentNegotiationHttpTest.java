package dev.cortexgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.GatewayApplication;
import dev.cortexgateway.chat.SseTestClient;
import dev.cortexgateway.testing.GatewayClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Accept, Accept-Version and Accept-Encoding over real HTTP: XML where the contract offers it (error
 * envelopes included), 406 where nothing acceptable is offered, q-values, the version check, gzip
 * above the size threshold only and never on the chat stream.
 */
@CamelSpringBootTest
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
class ContentNegotiationHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private String token;

    @BeforeEach
    void login() throws Exception {
        token = GatewayClient.login(port, "demo-admin", "demo-admin-test-secret").token();
    }

    @Test
    void xmlIsTheJsonAnswerUnderAResponseRoot() throws Exception {
        HttpResponse<byte[]> asJson = get("/api/v1/cache/status", Map.of("Authorization", "Bearer " + token));
        HttpResponse<byte[]> asXml = get("/api/v1/cache/status", Map.of("Authorization", "Bearer " + token,
                "Accept", "application/xml"));

        assertThat(asXml.statusCode()).isEqualTo(200);
        assertThat(asXml.headers().firstValue("Content-Type")).hasValue("application/xml;charset=UTF-8");
        assertThat(asXml.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("Accept"));
        assertThat(asXml.headers().firstValue("API-Version")).hasValue("v1");
        Element root = xml(asXml).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("response");
        JsonNode json = JSON.readTree(asJson.body());
        assertThat(text(root, "backend")).isEqualTo(json.path("backend").asText());
        assertThat(text(root, "max_entries")).isEqualTo(json.path("max_entries").asText());
        assertThat(text(root, "ttl_seconds")).isEqualTo(json.path("ttl_seconds").asText());
    }

    @Test
    void arraysKeepTheirShapeAsItems() throws Exception {
        HttpResponse<byte[]> answer = get("/api/v1/tools", Map.of("Authorization", "Bearer " + token, "Accept", "application/xml"));
        JsonNode json = JSON.readTree(get("/api/v1/tools", Map.of("Authorization", "Bearer " + token)).body());

        assertThat(answer.statusCode()).isEqualTo(200);
        Element root = xml(answer).getDocumentElement();
        Element tools = (Element) root.getElementsByTagName("tools").item(0);
        List<Element> items = children(tools, "item");
        assertThat(items).hasSize(json.path("tools").size());
        assertThat(text(items.get(0), "name")).isEqualTo(json.at("/tools/0/name").asText());
    }

    @Test
    void aQueryAnswersInXmlWithItsSourcesAsItems() throws Exception {
        String body = "{\"query\":\"[[sim:tools tool=search]] What is the travel expense policy?\","
                + "\"cache_options\":{\"use_cache\":false}}";
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Accept", "application/xml").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(answer.statusCode()).as(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/xml;charset=UTF-8");
        assertThat(answer.headers().firstValue("X-Gateway-Overhead-Ms")).isPresent();
        Element root = xml(answer).getDocumentElement();
        assertThat(text(root, "status")).isEqualTo("success");
        assertThat(text(root, "cache_status")).isEqualTo("bypass");
        Element sources = (Element) root.getElementsByTagName("sources").item(0);
        assertThat(children(sources, "item")).isNotEmpty()
                .allSatisfy(source -> assertThat(text(source, "sourceUrl")).startsWith("http"));
    }

    @Test
    void anErrorOfAnXmlRequestIsAnXmlEnvelope() throws Exception {
        HttpResponse<byte[]> answer = get("/api/v1/tools", Map.of("Accept", "application/xml"));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/xml;charset=UTF-8");
        Element root = xml(answer).getDocumentElement();
        assertThat(text(root, "status")).isEqualTo("error");
        assertThat(text(root, "code")).isEqualTo("UNAUTHORIZED");
        assertThat(answer.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void qValuesAndWildcardsChooseAsHttpSays() throws Exception {
        assertThat(typeOf("/api/v1/health", null)).isEqualTo("application/json");
        assertThat(typeOf("/api/v1/health", "*/*")).isEqualTo("application/json");
        assertThat(typeOf("/api/v1/health", "application/*")).isEqualTo("application/json");
        assertThat(typeOf("/api/v1/health", "application/xml, application/json")).isEqualTo("application/json");
        assertThat(typeOf("/api/v1/health", "application/json;q=0.5, application/xml")).startsWith("application/xml");
        assertThat(typeOf("/api/v1/health", "application/xml;q=0.4, application/json;q=0.5")).isEqualTo("application/json");
        assertThat(typeOf("/api/v1/health", "application/xml;q=0, */*")).isEqualTo("application/json");
        assertThat(typeOf("/api/v1/health", "application/json;q=0, */*")).startsWith("application/xml");
        assertThat(typeOf("/api/v1/health", "application/*;q=0.5, application/xml;q=0.1"))
                .as("the most specific range decides: XML 0.1, JSON 0.5").isEqualTo("application/json");
        assertThat(typeOf("/api/v1/health", BROWSER_ACCEPT)).as("a browser ranks XML above */*").startsWith("application/xml");
        // the contract and the actuator offer JSON only: a browser's Accept still gets it
        assertThat(typeOf("/api/v1/openapi.json", BROWSER_ACCEPT)).isEqualTo("application/json");
        assertThat(typeOf("/actuator/health", BROWSER_ACCEPT)).startsWith("application/vnd.spring-boot.actuator.v3+json");
    }

    @Test
    void anAcceptThatRulesOutEveryOfferIs406() throws Exception {
        for (String path : List.of("/api/v1/health", "/api/v1/openapi.json")) {
            HttpResponse<byte[]> answer = get(path, Map.of("Accept", "text/csv"));
            assertThat(answer.statusCode()).as(path).isEqualTo(406);
            JsonNode error = JSON.readTree(answer.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("NOT_ACCEPTABLE");
            assertThat(error.path("traceId").asText()).isNotBlank();
        }
        JsonNode available = JSON.readTree(get("/api/v1/health", Map.of("Accept", "application/json;q=0")).body());
        assertThat(available.at("/error/details/available").toString()).isEqualTo("[\"application/json\",\"application/xml\"]");
        assertThat(JSON.readTree(get("/api/v1/openapi.json", Map.of("Accept", "application/xml")).body())
                .at("/error/code").asText()).isEqualTo("NOT_ACCEPTABLE");

        SseTestClient chat = new SseTestClient(port);
        SseTestClient.Connection refused = chat.post("/api/v1/chat", chatRequest("hi"),
                Map.of("Authorization", "Bearer " + token, "Accept", "application/xml"));
        assertThat(refused.status()).isEqualTo(406);
        assertThat(JSON.readTree(refused.body()).at("/error/details/available").toString())
                .isEqualTo("[\"text/event-stream\",\"application/json\"]");
        HttpResponse<byte[]> ws = get("/api/v1/ws", Map.of("Accept", "text/csv"));
        assertThat(ws.statusCode()).isEqualTo(406);
    }

    @Test
    void anUnreadableAcceptIs400() throws Exception {
        HttpResponse<byte[]> answer = get("/api/v1/health", Map.of("Accept", "not a media type"));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).at("/error/code").asText()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void acceptVersionV1OrNoneIsServedAndAnythingElseIs406() throws Exception {
        for (String version : new String[] {null, "v1", "V1"}) {
            HttpResponse<byte[]> answer = get("/api/v1/health", version == null ? Map.of() : Map.of("Accept-Version", version));
            assertThat(answer.statusCode()).as(version).isEqualTo(200);
            assertThat(answer.headers().firstValue("API-Version")).hasValue("v1");
        }
        for (String version : List.of("v2", "1", "")) {
            HttpResponse<byte[]> answer = get("/api/v1/health", Map.of("Accept-Version", version));
            assertThat(answer.statusCode()).as(version).isEqualTo(406);
            JsonNode error = JSON.readTree(answer.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("UNSUPPORTED_VERSION");
            assertThat(error.at("/details/supportedVersions").toString()).isEqualTo("[\"v1\"]");
            assertThat(answer.headers().firstValue("API-Version")).hasValue("v1");
        }
        HttpResponse<byte[]> asXml = get("/api/v1/health", Map.of("Accept-Version", "v2", "Accept", "application/xml"));
        assertThat(asXml.statusCode()).isEqualTo(406);
        assertThat(text(xml(asXml).getDocumentElement(), "code")).isEqualTo("UNSUPPORTED_VERSION");
    }

    @Test
    void gzipCompressesLargeJsonAndXmlAnswersOnly() throws Exception {
        HttpResponse<byte[]> plain = get("/api/v1/openapi.json", Map.of());
        HttpResponse<byte[]> zipped = get("/api/v1/openapi.json", Map.of("Accept-Encoding", "gzip, deflate"));

        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(zipped.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("accept-encoding"));
        assertThat(zipped.body().length).isLessThan(plain.body().length);
        assertThat(gunzip(zipped.body())).isEqualTo(plain.body());

        HttpResponse<byte[]> xmlTools = get("/api/v1/tools", Map.of("Authorization", "Bearer " + token,
                "Accept", "application/xml", "Accept-Encoding", "gzip"));
        assertThat(xmlTools.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(new String(gunzip(xmlTools.body()), StandardCharsets.UTF_8)).startsWith("<?xml");

        HttpResponse<byte[]> small = get("/api/v1/health", Map.of("Accept-Encoding", "gzip"));
        assertThat(small.headers().firstValue("Content-Encoding")).as("under 2 KiB").isEmpty();
        assertThat(new String(small.body(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"ok\"}");

        HttpResponse<byte[]> deflateOnly = get("/api/v1/openapi.json", Map.of("Accept-Encoding", "deflate"));
        assertThat(deflateOnly.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(deflateOnly.body()).isEqualTo(plain.body());
    }

    @Test
    void theChatStreamIsNeverCompressedAndEachEventArrivesAsItHappens() throws Exception {
        SseTestClient.Connection stream = new SseTestClient(port).post("/api/v1/chat",
                chatRequest("[[sim:slow delayMs=150]] [[sim:long events=20]] What is the travel policy?"),
                Map.of("Authorization", "Bearer " + token, "Accept", "text/event-stream", "Accept-Encoding", "gzip"));

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.header("Content-Encoding")).isNull();
        SseTestClient.Event first = stream.next(Duration.ofSeconds(30));
        long firstAt = System.nanoTime();
        assertThat(first.name()).isNotEqualTo("<end>");
        List<SseTestClient.Event> rest = stream.rest(Duration.ofSeconds(30));
        long endAt = System.nanoTime();
        assertThat(rest.get(rest.size() - 1).name()).isEqualTo("final");
        assertThat(Duration.ofNanos(endAt - firstAt)).as("the first event came while the stream was still running")
                .isGreaterThan(Duration.ofSeconds(1));
    }

    private String typeOf(String path, String accept) throws Exception {
        HttpResponse<byte[]> answer = get(path, accept == null ? Map.of() : Map.of("Accept", accept));
        assertThat(answer.statusCode()).as(path + " with " + accept).isEqualTo(200);
        return answer.headers().firstValue("Content-Type").orElseThrow();
    }

    private HttpResponse<byte[]> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, Object> chatRequest(String question) {
        return Map.of("sessionId", UUID.randomUUID().toString(), "messages", List.of(Map.of("id", UUID.randomUUID().toString(),
                "role", "user", "content", question, "timestamp", "2026-11-25T10:00:00Z")));
    }

    private static Document xml(HttpResponse<byte[]> answer) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(answer.body()));
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent();
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new java.util.ArrayList<>();
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static byte[] gunzip(byte[] body) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }
}
