package dev.cortexgateway.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortexgateway.alerts.AlertRules.Alert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What an on-call engineer relies on in every alert rule without running Prometheus: a severity
 * that says whether to wake someone, a summary and description, a runbook that exists, and promtool
 * unit tests in which it both fires and stays quiet. (promtool itself runs in deploy/prometheus/check.sh
 * and .ci/run; the metric names are checked against a live scrape in AlertMetricsExportedHttpTest.)
 */
class AlertRulesTest {

    @Test
    void everyAlertHasASeveritySummaryDescriptionAndAnExistingRunbook() throws Exception {
        List<Alert> alerts = AlertRules.alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
        assertThat(alerts.stream().map(Alert::name).distinct()).hasSameSizeAs(alerts);
        for (Alert alert : alerts) {
            assertThat(alert.labels().get("severity")).as(alert.name()).isIn("page", "ticket");
            assertThat(alert.annotations()).as(alert.name()).containsKeys("summary", "description", "runbook_url");
            assertThat(alert.annotations().get("runbook_url")).as(alert.name()).isEqualTo(alert.runbookPath());
            Path runbook = Path.of(alert.runbookPath());
            assertThat(runbook).as("runbook of %s", alert.name()).isRegularFile();
            // the runbook is about this alert and says what to do
            String text = Files.readString(runbook);
            assertThat(text).as(alert.runbookPath()).contains(alert.name()).contains("## First checks")
                    .contains("## Mitigation").contains("## Escalate");
        }
    }

    @Test
    void theRunbookIndexListsEveryAlertRunbook() throws Exception {
        String index = Files.readString(Path.of("docs", "runbooks", "README.md"));
        for (Alert alert : AlertRules.alerts()) {
            String file = Path.of(alert.runbookPath()).getFileName().toString();
            assertThat(index).as("docs/runbooks/README.md links %s", file).contains("(" + file + ")");
        }
    }

    @Test
    void everyAlertFiresInAPromtoolTestAndStaysQuietInAnother() throws Exception {
        Set<String> firing = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        try (Stream<Path> files = Files.list(AlertRules.TESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                JsonNode tests = AlertRules.YAML.readTree(file.toFile());
                assertThat(tests.path("rule_files").get(0).asText()).as(file.toString()).isEqualTo("../cortex-gateway-alerts.yaml");
                for (JsonNode test : tests.path("tests")) {
                    for (JsonNode check : test.path("alert_rule_test")) {
                        String name = check.path("alertname").asText();
                        (check.path("exp_alerts").isEmpty() ? quiet : firing).add(name);
                    }
                }
            }
        }
        for (Alert alert : AlertRules.alerts()) {
            assertThat(firing).as("a promtool test in which %s fires", alert.name()).contains(alert.name());
            assertThat(quiet).as("a promtool test in which %s stays quiet", alert.name()).contains(alert.name());
        }
    }

    @Test
    void thePrometheusRuleCarriesTheRuleFileUnchanged() throws Exception {
        JsonNode rule = AlertRules.YAML.readTree(Path.of("deploy", "k8s", "monitoring", "prometheusrule.yaml").toFile());
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rule.path("spec").path("groups")).as("deploy/prometheus/check.sh --write regenerates it")
                .isEqualTo(AlertRules.tree().path("groups"));
        String kustomization = Files.readString(Path.of("deploy", "k8s", "monitoring", "kustomization.yaml"));
        assertThat(kustomization).contains("prometheusrule.yaml").contains("podmonitor.yaml");
    }

    @Test
    void theTokenizerFindsMetricNamesAndSkipsFunctionsKeywordsAndLabels() {
        assertThat(PromQlMetricNames.of("sum by (route) (rate(a_total{status=~\"5..\", x=\"b_total\"}[5m])) "
                + "/ on (instance) group_left (le) b_count > 0.5 and c unless d offset 5m"))
                .containsExactly("a_total", "b_count", "c", "d");
        assertThat(PromQlMetricNames.of("histogram_quantile(0.95, sum by (le) (rate(x_bucket[10m:1m])))"))
                .containsExactly("x_bucket");
        assertThat(PromQlMetricNames.of("max_over_time(gauge{state=~\"open|forced_open\"}[2m]) == bool 1"))
                .containsExactly("gauge");
        assertThat(PromQlMetricNames.of("a_total # the share of answers\n> 0.5")).containsExactly("a_total");
        // a limit, written down: a selector by __name__ alone is not seen
        assertThat(PromQlMetricNames.of("{__name__=\"hidden_total\"}")).isEmpty();
    }
}
