package dev.cortexgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

/**
 * What can drift between the Kubernetes manifests (deploy/k8s) and the gateway they run: the
 * environment variables they set must be ones the application reads, the ports and user must be the
 * image's, the shutdown must fit in the grace period, the autoscaler and disruption budget must
 * target the Deployment's pods, the probes and the scrape must use the management port (not routed by
 * the Service), and the Secret template must hold placeholders only. The probe
 * paths are requested from a running gateway by {@link K8sProbesHttpTest}.
 */
class K8sManifestsTest {

    /** Names Spring Boot or the JVM read themselves, not through a placeholder in application*.yaml. */
    private static final Set<String> PLATFORM_VARIABLES =
            Set.of("SPRING_PROFILES_ACTIVE", "SPRING_CONFIG_ADDITIONAL_LOCATION", "JAVA_TOOL_OPTIONS");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Path RESOURCES = Path.of("src", "main", "resources");

    private static K8sManifests manifests;
    private static JsonNode deployment;
    private static JsonNode podSpec;
    private static JsonNode container;
    private static JsonNode applicationYaml;

    @BeforeAll
    static void load() throws IOException {
        manifests = K8sManifests.load();
        deployment = manifests.single("Deployment");
        podSpec = deployment.path("spec").path("template").path("spec");
        assertThat(podSpec.path("containers")).as("one gateway container").hasSize(1);
        container = podSpec.path("containers").get(0);
        applicationYaml = K8sManifests.YAML.readTree(RESOURCES.resolve("application.yaml").toFile());
    }

    @Test
    void kustomizationListsEveryManifestButTheSecretTemplate() throws IOException {
        JsonNode kustomization = K8sManifests.YAML.readTree(K8sManifests.DIR.resolve("kustomization.yaml").toFile());
        Set<String> listed = new TreeSet<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files = new TreeSet<>();
        try (Stream<Path> all = Files.list(K8sManifests.DIR)) {
            all.filter(K8sManifests::isYaml).map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals("kustomization.yaml") && !name.equals("secret.template.yaml"))
                    .forEach(files::add);
        }
        assertThat(listed).as("kustomization.yaml resources").isEqualTo(files);
        // re-applying the kustomization must never overwrite real credentials with placeholders
        assertThat(listed).doesNotContain("secret.template.yaml");
        assertThat(manifests.ofKind("Secret")).hasSize(1);
    }

    @Test
    void everyEnvironmentVariableIsOneTheApplicationReads() throws IOException {
        Set<String> read = new TreeSet<>(PLATFORM_VARIABLES);
        try (Stream<Path> files = Files.list(RESOURCES)) {
            for (Path file : files.filter(p -> p.getFileName().toString().matches("application.*\\.ya?ml")).toList()) {
                read.addAll(placeholders(Files.readString(file)));
            }
        }
        // config files the pods mount (the clients seed) read variables the same way
        for (JsonNode volume : podSpec.path("volumes")) {
            if (volume.has("configMap")) {
                JsonNode files = manifests.named("ConfigMap", volume.path("configMap").path("name").asText()).path("data");
                files.fields().forEachRemaining(f -> read.addAll(placeholders(f.getValue().asText())));
            }
        }
        Map<String, String> set = environment();
        assertThat(set).as("environment of the gateway container").isNotEmpty();
        assertThat(set.keySet()).as("variables no application*.yaml placeholder (or Spring/JVM) reads")
                .allSatisfy(name -> assertThat(read).contains(name));
        // the cluster profile's connections are all configured
        assertThat(set).containsKeys("GATEWAY_DB_URL", "GATEWAY_DB_USER", "GATEWAY_DB_PASSWORD",
                "GATEWAY_REDIS_URL", "GATEWAY_REDIS_KEY_PREFIX", "PROXY_JWT_SECRET", "SPRING_PROFILES_ACTIVE");
    }

    @Test
    void activeProfilesExistAndIncludeTheCluster() {
        String profiles = environment().get("SPRING_PROFILES_ACTIVE");
        assertThat(profiles.split(",")).contains("cluster").allSatisfy(profile ->
                assertThat(RESOURCES.resolve("application-" + profile.trim() + ".yaml")).exists());
    }

    @Test
    void theManifestsRunNeitherTheSimulatorNorTheDemoClients() {
        assertThat(environment().get("SPRING_PROFILES_ACTIVE").split(",")).as("the local profile: simulator, demo clients")
                .noneSatisfy(profile -> assertThat(profile.trim()).isEqualTo("local"));
        assertThat(environment().keySet()).noneSatisfy(name -> assertThat(name).startsWith("GATEWAY_SIMULATOR"));
        assertThat(environment().get("GATEWAY_CORTEX_BASE_URL")).startsWith("https://");
    }

    @Test
    void additionalConfigFileIsMountedFromAConfigMap() {
        String location = environment().get("SPRING_CONFIG_ADDITIONAL_LOCATION");
        assertThat(location).startsWith("optional:file:");
        Path file = Path.of(location.substring("optional:file:".length()));
        JsonNode mount = mountOf(file.getParent().toString());
        JsonNode volume = volume(mount.path("name").asText());
        JsonNode data = manifests.named("ConfigMap", volume.path("configMap").path("name").asText()).path("data");
        assertThat(data.has(file.getFileName().toString())).as(file + " in the mounted ConfigMap").isTrue();
    }

    @Test
    void secretTemplateHoldsPlaceholdersOnly() {
        JsonNode secret = manifests.single("Secret");
        assertThat(secret.has("data")).as("base64 data hides what a value is; use stringData").isFalse();
        JsonNode values = secret.path("stringData");
        assertThat(values.size()).isPositive();
        values.fields().forEachRemaining(e -> {
            String value = e.getValue().asText();
            assertThat(value).as(e.getKey()).contains("CHANGE_ME").doesNotContain("-----BEGIN").doesNotContain("eyJ");
            // what is left around the placeholder is a URL's scaffolding, never a token-like run
            String rest = value.replace("CHANGE_ME", "");
            assertThat(rest).as(e.getKey() + " beside its placeholder").doesNotContainPattern("[A-Za-z0-9+/=_-]{16,}");
        });
    }

    @Test
    void containerPortIsTheGatewayPortAndTheImagePort() throws IOException {
        String serverPort = applicationYaml.path("server").path("port").asText();
        Matcher defaultPort = Pattern.compile("^\\$\\{PORT:(\\d+)}$").matcher(serverPort);
        assertThat(defaultPort.matches()).as("server.port in application.yaml: " + serverPort).isTrue();
        int port = Integer.parseInt(defaultPort.group(1));
        assertThat(environment()).doesNotContainKey("PORT");

        JsonNode http = namedPort("http");
        assertThat(http.path("containerPort").asInt()).isEqualTo(port);
        assertThat(pomJib()).as("Jib's exposed port in pom.xml").contains("<port>" + port + "</port>");

        JsonNode service = manifests.single("Service");
        assertThat(service.path("spec").path("ports")).allSatisfy(p -> {
            JsonNode target = p.path("targetPort");
            if (target.isTextual()) {
                namedPort(target.asText());
            } else {
                assertThat(target.asInt()).isEqualTo(port);
            }
        });
        assertThat(podLabels()).containsAllEntriesOf(labels(service.path("spec").path("selector")));
    }

    @Test
    void probesAndScrapeUseTheManagementPortWhichTheServiceDoesNotExpose() throws IOException {
        // docs/decisions/0018-what-anonymous-callers-see.md: the actuator and detailed health are off the public port in production
        int management = managementPort();
        assertThat(namedPort("management").path("containerPort").asInt()).isEqualTo(management);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode probePort = container.path(probe).path("httpGet").path("port");
            assertThat(probePort.isTextual() ? namedPort(probePort.asText()).path("containerPort").asInt() : probePort.asInt())
                    .as(probe + " port").isEqualTo(management);
        }
        assertThat(deployment.at("/spec/template/metadata/annotations/prometheus.io~1port").asText())
                .as("the Prometheus scrape port").isEqualTo(Integer.toString(management));
        JsonNode service = manifests.single("Service");
        assertThat(service.path("spec").path("ports")).allSatisfy(p -> {
            JsonNode target = p.path("targetPort");
            int targetPort = target.isTextual() ? namedPort(target.asText()).path("containerPort").asInt() : target.asInt();
            assertThat(targetPort).as("a Service port routing to the management port").isNotEqualTo(management);
        });
    }

    /**
     * management.server.port as the active profiles set it (the last one that sets it wins, as in
     * Spring), with its default when a placeholder gives one: the port must differ from server.port.
     */
    static int managementPort() throws IOException {
        String value = null;
        for (String profile : environment().get("SPRING_PROFILES_ACTIVE").split(",")) {
            JsonNode port = K8sManifests.YAML.readTree(RESOURCES.resolve("application-" + profile.trim() + ".yaml").toFile())
                    .at("/management/server/port");
            if (!port.isMissingNode()) {
                value = port.asText();
            }
        }
        assertThat(value).as("management.server.port in the active profiles' application-*.yaml").isNotNull();
        Matcher withDefault = Pattern.compile("^\\$\\{[A-Z_]+:(\\d+)}$").matcher(value);
        int port = withDefault.matches() ? Integer.parseInt(withDefault.group(1)) : Integer.parseInt(value);
        assertThat(environment()).doesNotContainKey("GATEWAY_MANAGEMENT_PORT");
        assertThat(port).isNotEqualTo(namedPort("http").path("containerPort").asInt());
        return port;
    }

    @Test
    void probesAreTheHealthGroupsAndStartUpHasTime() {
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(applicationYaml.at("/management/endpoint/health/probes/enabled").asBoolean())
                .as("management.endpoint.health.probes.enabled (the liveness/readiness groups)").isTrue();
        JsonNode startup = container.path("startupProbe");
        long window = startup.path("periodSeconds").asLong(10) * startup.path("failureThreshold").asLong(3);
        // start-up measured 8-42 s on 2 shared cores (docs/performance.md, the image run in docs/scale-out.md)
        assertThat(window).as("startupProbe period x failureThreshold, seconds").isGreaterThanOrEqualTo(120);
    }

    @Test
    void gracePeriodCoversPreStopAndTheShutdownPhases() {
        long grace = podSpec.path("terminationGracePeriodSeconds").asLong(30);
        long preStop = container.at("/lifecycle/preStop/sleep/seconds").asLong(-1);
        assertThat(preStop).as("preStop sleep: the endpoints controller takes the pod out before SIGTERM")
                .isBetween(5L, 30L);
        Duration phase = duration(applicationYaml.at("/spring/lifecycle/timeout-per-shutdown-phase"), "30s");
        // camel.main.shutdown-timeout is whole seconds; Camel's default is 45
        Duration camel = Duration.ofSeconds(applicationYaml.at("/camel/main/shutdown-timeout").asLong(45));
        // worst case: the stream drain phase and the web server's graceful phase each take their
        // whole timeout, then Camel stops the exchanges still running
        Duration shutdown = phase.multipliedBy(2).plus(camel);
        assertThat(grace).as("terminationGracePeriodSeconds vs preStop %ds + shutdown %s", preStop, shutdown)
                .isGreaterThan(preStop + shutdown.toSeconds());
        JsonNode drain = applicationYaml.at("/gateway/shutdown/drain-timeout");
        if (!drain.isMissingNode()) {
            assertThat(grace).isGreaterThan(preStop + duration(drain, "0s").toSeconds());
        }
    }

    @Test
    void autoscalerAndDisruptionBudgetTargetTheDeploymentsPods() {
        String name = deployment.path("metadata").path("name").asText();
        Map<String, String> selector = labels(deployment.at("/spec/selector/matchLabels"));
        assertThat(podLabels()).containsAllEntriesOf(selector);

        JsonNode hpa = manifests.single("HorizontalPodAutoscaler");
        assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(name);
        int minReplicas = hpa.at("/spec/minReplicas").asInt(1);
        assertThat(minReplicas).isGreaterThanOrEqualTo(3).isEqualTo(deployment.at("/spec/replicas").asInt());
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isGreaterThan(minReplicas);
        JsonNode metric = hpa.at("/spec/metrics/0/resource");
        assertThat(metric.path("name").asText()).isEqualTo("cpu");
        assertThat(container.at("/resources/requests/cpu").isMissingNode())
                .as("a CPU utilization target needs a CPU request").isFalse();

        JsonNode pdb = manifests.single("PodDisruptionBudget");
        Map<String, String> pdbSelector = labels(pdb.at("/spec/selector/matchLabels"));
        assertThat(pdbSelector).isNotEmpty();
        assertThat(podLabels()).containsAllEntriesOf(pdbSelector);
        // a drain must be able to proceed at the smallest scale, one pod at a time
        if (pdb.at("/spec/maxUnavailable").isMissingNode()) {
            assertThat(pdb.at("/spec/minAvailable").asInt()).isBetween(2, minReplicas - 1);
        } else {
            assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
        }
        for (JsonNode spread : podSpec.path("topologySpreadConstraints")) {
            assertThat(podLabels()).containsAllEntriesOf(labels(spread.at("/labelSelector/matchLabels")));
        }
    }

    @Test
    void podRunsAsTheImagesNonRootUserOnAReadOnlyRoot() throws IOException {
        Matcher user = Pattern.compile("<user>(\\d+):(\\d+)</user>").matcher(pomJib());
        assertThat(user.find()).as("numeric <user> in pom.xml's Jib configuration").isTrue();
        assertThat(podSpec.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(podSpec.at("/securityContext/runAsUser").asText()).isEqualTo(user.group(1)).isNotEqualTo("0");
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        // what the JVM, Tomcat and the gateway write must be on a writable emptyDir
        for (String path : List.of("/tmp", environment().get("GATEWAY_DATA_DIR"))) {
            assertThat(path).as("GATEWAY_DATA_DIR").isNotNull();
            JsonNode mount = mountOf(path);
            assertThat(volume(mount.path("name").asText()).has("emptyDir")).as(path + " on an emptyDir").isTrue();
            assertThat(mount.path("readOnly").asBoolean(false)).isFalse();
        }
    }

    /** Every variable the container gets: env entries and the keys of the ConfigMaps and Secrets it takes whole. */
    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                manifests.named("ConfigMap", from.at("/configMapRef/name").asText()).path("data")
                        .fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            } else if (from.has("secretRef")) {
                manifests.named("Secret", from.at("/secretRef/name").asText()).path("stringData")
                        .fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            }
        }
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
        return env;
    }

    private static Set<String> placeholders(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static JsonNode namedPort(String name) {
        List<JsonNode> ports = new ArrayList<>();
        container.path("ports").forEach(ports::add);
        return ports.stream().filter(p -> name.equals(p.path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name));
    }

    /** The volume mount whose path holds the given path (the longest such). */
    private static JsonNode mountOf(String path) {
        JsonNode best = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            String at = mount.path("mountPath").asText();
            if ((path.equals(at) || path.startsWith(at.endsWith("/") ? at : at + "/"))
                    && (best == null || at.length() > best.path("mountPath").asText().length())) {
                best = mount;
            }
        }
        if (best == null) {
            throw new AssertionError(path + " is on no volume mount (the root filesystem is read-only)");
        }
        return best;
    }

    private static JsonNode volume(String name) {
        for (JsonNode volume : podSpec.path("volumes")) {
            if (name.equals(volume.path("name").asText())) {
                return volume;
            }
        }
        throw new AssertionError("no volume named " + name);
    }

    private static Map<String, String> podLabels() {
        return labels(deployment.at("/spec/template/metadata/labels"));
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new HashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static Duration duration(JsonNode node, String fallback) {
        return DurationStyle.detectAndParse(node.isMissingNode() ? fallback : node.asText());
    }

    private static String pomJib() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        int start = pom.indexOf("<artifactId>jib-maven-plugin</artifactId>");
        assertThat(start).as("jib-maven-plugin in pom.xml").isPositive();
        return pom.substring(start, pom.indexOf("</plugin>", start));
    }
}
