package dev.cortexgateway.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The alert rules of {@code deploy/prometheus/cortex-gateway-alerts.yaml}, read as the tests need them. */
final class AlertRules {

    static final Path FILE = Path.of("deploy", "prometheus", "cortex-gateway-alerts.yaml");
    static final Path TESTS = Path.of("deploy", "prometheus", "tests");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record Alert(String name, String expr, Map<String, String> labels, Map<String, String> annotations) {

        /** The runbook file the alert's name asks for: {@code GatewayRouteServerErrors} -> {@code docs/runbooks/gateway-route-server-errors.md}. */
        String runbookPath() {
            return "docs/runbooks/" + name.replaceAll("(?<=[a-z0-9])(?=[A-Z])", "-").toLowerCase() + ".md";
        }
    }

    private AlertRules() {
    }

    static JsonNode tree() throws IOException {
        return YAML.readTree(FILE.toFile());
    }

    static List<Alert> alerts() throws IOException {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode group : tree().path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    alerts.add(new Alert(rule.path("alert").asText(), rule.path("expr").asText(),
                            strings(rule.path("labels")), strings(rule.path("annotations"))));
                }
            }
        }
        return alerts;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new TreeMap<>();
        object.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
        return values;
    }
}
