package dev.cortexgateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Kubernetes manifests under {@code deploy/k8s}, every document of every file, as JSON trees:
 * what the deploy tests read instead of a cluster.
 */
final class K8sManifests {

    static final Path DIR = Path.of("deploy", "k8s");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<Document> documents;

    private K8sManifests(List<Document> documents) {
        this.documents = documents;
    }

    static K8sManifests load() throws IOException {
        List<Document> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(K8sManifests::isYaml).sorted().toList()) {
                try (var parser = YAML.getFactory().createParser(file.toFile())) {
                    var trees = YAML.readValues(parser, JsonNode.class);
                    while (trees.hasNext()) {
                        JsonNode tree = trees.next();
                        if (tree != null && !tree.isMissingNode() && !tree.isNull()) {
                            documents.add(new Document(file.getFileName().toString(), tree));
                        }
                    }
                }
            }
        }
        return new K8sManifests(documents);
    }

    static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    List<Document> all() {
        return documents;
    }

    List<JsonNode> ofKind(String kind) {
        return documents.stream().map(Document::tree).filter(t -> kind.equals(t.path("kind").asText())).toList();
    }

    /** The one object of a kind (the gateway has one Deployment, one HPA...). */
    JsonNode single(String kind) {
        List<JsonNode> found = ofKind(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " in " + DIR + ", found " + found.size());
        }
        return found.get(0);
    }

    JsonNode named(String kind, String name) {
        return ofKind(kind).stream().filter(t -> name.equals(t.path("metadata").path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named '" + name + "' in " + DIR));
    }

    /** One YAML document and the file it came from. */
    record Document(String file, JsonNode tree) {
    }
}
