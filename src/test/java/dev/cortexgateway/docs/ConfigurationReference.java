package dev.cortexgateway.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/configuration-reference.md made from the configuration metadata (what the Spring Boot
 * configuration processor writes from the Javadoc of every {@code @ConfigurationProperties} record,
 * merged with src/main/resources/META-INF/additional-spring-configuration-metadata.json) and the values
 * the application*.yaml files set. One table row per {@code gateway.*} setting: its type, the value it
 * has with no profile, what each profile sets, and its description.
 */
final class ConfigurationReference {

    static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
    static final Path ADDITIONAL = Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json");
    static final List<String> PROFILES = List.of("local", "snowflake", "cluster");

    /** {@code ${NAME:default}} or {@code ${NAME}} where NAME is an environment variable. */
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("^\\$\\{([A-Z][A-Z0-9_]*)(?::(.*))?}$");
    private static final Pattern CODE = Pattern.compile("\\{@(?:code|literal) ([^{}]*(?:\\{[^{}]*}[^{}]*)*)}");
    private static final Pattern LINK = Pattern.compile("\\{@link(?:plain)? ([^}\\s]+)(?: ([^}]*))?}");

    /** A {@code gateway.*} property of the metadata. */
    record Property(String name, String type, String defaultValue, String description) {

        /** Map and List properties hold entries the metadata does not describe one by one. */
        boolean holdsEntries() {
            return type.startsWith("java.util.Map<") || type.startsWith("java.util.List<");
        }
    }

    private final Map<String, Property> properties;
    /** "application" and each profile -> flattened gateway.* key -> value as written. */
    private final Map<String, Map<String, String>> yamlValues;

    private ConfigurationReference(Map<String, Property> properties, Map<String, Map<String, String>> yamlValues) {
        this.properties = properties;
        this.yamlValues = yamlValues;
    }

    static ConfigurationReference load(ObjectMapper json) throws IOException {
        Map<String, Property> properties = new TreeMap<>();
        // the processor copies the additional file's entries into its output, where they may be stale
        // after a resources-only change: take them from the file itself, and from the output only
        // what the processor read from a class (those carry their sourceType)
        for (Path file : List.of(ADDITIONAL, METADATA)) {
            for (JsonNode p : json.readTree(file.toFile()).path("properties")) {
                String name = p.path("name").asText();
                boolean fromClass = p.hasNonNull("sourceType");
                if (name.startsWith("gateway.") && (file == ADDITIONAL || fromClass)) {
                    JsonNode defaultValue = p.path("defaultValue");
                    properties.put(name, new Property(name, p.path("type").asText(),
                            defaultValue.isMissingNode() || defaultValue.isNull() ? null : text(defaultValue),
                            p.path("description").asText("")));
                }
            }
        }
        Map<String, Map<String, String>> yamlValues = new LinkedHashMap<>();
        yamlValues.put("application", YamlKeys.flatten(Path.of("src/main/resources/application.yaml")));
        for (String profile : PROFILES) {
            yamlValues.put(profile, YamlKeys.flatten(Path.of("src/main/resources/application-" + profile + ".yaml")));
        }
        return new ConfigurationReference(properties, yamlValues);
    }

    Map<String, Property> properties() {
        return properties;
    }

    /** Every gateway.* key some application*.yaml sets, with the file it is in. */
    Map<String, String> yamlKeys() {
        Map<String, String> keys = new TreeMap<>();
        yamlValues.forEach((file, values) -> values.keySet().forEach(key -> keys.putIfAbsent(key, file)));
        return keys;
    }

    /** The property that documents a yaml key: the key itself, or the Map/List property it is an entry of. */
    Property documenting(String yamlKey) {
        String key = yamlKey.replaceAll("\\[\\d+]", "");
        if (properties.containsKey(key)) {
            return properties.get(key);
        }
        for (Property p : properties.values()) {
            if (p.holdsEntries() && key.startsWith(p.name() + ".")) {
                return p;
            }
        }
        return null;
    }

    String markdown(String regenerateCommand) {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n");
        out.append("<!-- GENERATED FILE: do not edit. It is made from the Javadoc of the @ConfigurationProperties records\n");
        out.append("     (and src/main/resources/META-INF/additional-spring-configuration-metadata.json) and the values in\n");
        out.append("     src/main/resources/application*.yaml. Change those, then run\n");
        out.append("     ").append(regenerateCommand).append(" -->\n\n");
        out.append("Every `gateway.*` setting, generated from the configuration metadata, so it cannot drift from the\n");
        out.append("code (docs/decisions/0028-generated-reference-docs.md). What the settings are for, the profiles and\n");
        out.append("the Spring Boot settings the gateway relies on: [configuration.md](configuration.md).\n\n");
        out.append("Any setting can also be given as an environment variable: upper case, `.` as `_`, `-` left out\n");
        out.append("(`gateway.http.max-body-bytes` is `GATEWAY_HTTP_MAXBODYBYTES`).\n");
        out.append("**default** is the value with no profile (`env X` names the variable application.yaml reads it from);\n");
        out.append("**profiles** is what application-<profile>.yaml sets. `<name>` in a setting stands for a map key,\n");
        out.append("`[n]` for a list index.\n");

        Map<String, List<Property>> groups = new TreeMap<>();
        properties.values().forEach(p -> groups.computeIfAbsent(group(p.name()), g -> new ArrayList<>()).add(p));
        for (Map.Entry<String, List<Property>> group : groups.entrySet()) {
            out.append("\n## ").append(group.getKey()).append("\n\n");
            out.append("| setting | type | default | profiles | description |\n|---|---|---|---|---|\n");
            for (Property p : group.getValue()) {
                out.append("| `").append(displayName(p)).append("` | ").append(type(p.type()))
                        .append(" | ").append(defaultOf(p)).append(" | ").append(profilesOf(p))
                        .append(" | ").append(description(p.description())).append(entryFields(p.type())).append(" |\n");
            }
        }
        return out.toString();
    }

    /** gateway.tools.sql.max-rows -> gateway.tools; gateway.data-dir -> gateway. */
    private static String group(String name) {
        String[] parts = name.split("\\.");
        return parts.length <= 2 ? "gateway" : parts[0] + "." + parts[1];
    }

    private static String displayName(Property p) {
        if (p.type().startsWith("java.util.Map<")) {
            return p.name() + ".<name>";
        }
        if (p.type().startsWith("java.util.List<") && !isScalar(p.type().substring("java.util.List<".length(), p.type().length() - 1))) {
            return p.name() + "[n]";
        }
        return p.name();
    }

    private String defaultOf(Property p) {
        String written = yamlValues.get("application").get(p.name());
        if (written != null) {
            return valueAsWritten(written);
        }
        String entries = entriesSet(p, "application");
        if (entries != null) {
            return entries;
        }
        return p.defaultValue() == null || p.defaultValue().isEmpty() ? "none" : "`" + p.defaultValue() + "`";
    }

    private String profilesOf(Property p) {
        List<String> set = new ArrayList<>();
        for (String profile : PROFILES) {
            String written = yamlValues.get(profile).get(p.name());
            String entries = entriesSet(p, profile);
            if (written != null) {
                set.add(profile + ": " + valueAsWritten(written));
            } else if (entries != null) {
                set.add(profile + ": " + entries);
            }
        }
        return String.join("; ", set);
    }

    /** For a Map/List property, what a yaml file sets under it: the map keys, or the number of list entries. */
    private String entriesSet(Property p, String file) {
        if (!p.holdsEntries()) {
            return null;
        }
        Set<String> entries = new LinkedHashSet<>();
        for (String key : yamlValues.get(file).keySet()) {
            if (key.startsWith(p.name() + ".") || key.startsWith(p.name() + "[")) {
                String rest = key.substring(p.name().length());
                entries.add(rest.startsWith("[") ? rest.substring(0, rest.indexOf(']') + 1) : rest.substring(1).split("\\.")[0]);
            }
        }
        if (entries.isEmpty()) {
            return null;
        }
        boolean list = entries.iterator().next().startsWith("[");
        return list ? entries.size() + (entries.size() == 1 ? " entry" : " entries")
                : entries.stream().map(e -> "`" + e + "`").collect(Collectors.joining(", "));
    }

    /** `value`, or for ${ENV:default} "`default` (env `ENV`)". */
    private static String valueAsWritten(String written) {
        Matcher env = ENV_PLACEHOLDER.matcher(written);
        if (env.matches()) {
            String fallback = env.group(2);
            return (fallback == null || fallback.isEmpty() ? "none" : "`" + escape(fallback) + "`") + " (env `" + env.group(1) + "`)";
        }
        return written.isEmpty() ? "`\"\"`" : "`" + escape(written) + "`";
    }

    private static String type(String type) {
        String inner = type.replaceAll("java\\.util\\.Map<java\\.lang\\.String,\\s*(.*)>", "map of $1")
                .replaceAll("java\\.util\\.List<(.*)>", "list of $1");
        String simple = Arrays.stream(inner.split(" "))
                .map(word -> word.contains(".") ? word.substring(word.lastIndexOf('.') + 1).replace('$', '.') : word)
                .collect(Collectors.joining(" "));
        String constants = enumConstants(type);
        return constants == null ? simple : simple + " (" + constants + ")";
    }

    private static String enumConstants(String type) {
        try {
            Class<?> c = Class.forName(type);
            if (!c.isEnum()) {
                return null;
            }
            return Arrays.stream(c.getEnumConstants()).map(e -> "`" + ((Enum<?>) e).name().toLowerCase().replace('_', '-') + "`")
                    .collect(Collectors.joining(", "));
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** For a Map or List of records: " Each entry: `a`, `b-c`." from the record's components, so they cannot drift either. */
    private static String entryFields(String type) {
        Matcher element = Pattern.compile("^java\\.util\\.(?:Map<java\\.lang\\.String,\\s*|List<)(.+)>$").matcher(type);
        if (!element.matches()) {
            return "";
        }
        try {
            Class<?> c = Class.forName(element.group(1));
            if (!c.isRecord()) {
                return "";
            }
            return "; each entry: " + Arrays.stream(c.getRecordComponents())
                    .map(component -> "`" + component.getName().replaceAll("([A-Z])", "-$1").toLowerCase() + "`")
                    .collect(Collectors.joining(", ")) + ".";
        } catch (ClassNotFoundException e) {
            return "";
        }
    }

    private static boolean isScalar(String type) {
        return type.startsWith("java.lang.") || type.startsWith("java.time.") || type.startsWith("java.net.");
    }

    /** Javadoc to one Markdown table cell. */
    static String description(String javadoc) {
        String text = CODE.matcher(javadoc).replaceAll(m -> Matcher.quoteReplacement("`" + m.group(1) + "`"));
        text = LINK.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(2) != null ? m.group(2)
                : "`" + m.group(1).substring(m.group(1).lastIndexOf('.') + 1).replace('#', '.') + "`"));
        return escape(text.replaceAll("\\s+", " ").strip());
    }

    private static String escape(String cell) {
        return cell.replace("|", "\\|");
    }

    private static String text(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(v.asText()));
            return String.join(", ", items);
        }
        return value.asText();
    }

    /**
     * The gateway.* keys one application*.yaml file sets, flattened (lists of objects as [n]). Read with
     * SnakeYAML, as Spring Boot reads them: it resolves anchors and aliases ({@code *circuit-breaker}).
     */
    static final class YamlKeys {

        private YamlKeys() {
        }

        static Map<String, String> flatten(Path file) throws IOException {
            Map<String, String> keys = new TreeMap<>();
            if (!Files.exists(file)) {
                return keys;
            }
            for (Object document : new Yaml().loadAll(Files.readString(file))) {
                if (document instanceof Map<?, ?> root && root.get("gateway") instanceof Map<?, ?> gateway) {
                    flatten("gateway", gateway, keys);
                }
            }
            return keys;
        }

        private static void flatten(String prefix, Object node, Map<String, String> keys) {
            if (node instanceof Map<?, ?> map) {
                map.forEach((key, value) -> flatten(prefix + "." + key, value, keys));
            } else if (node instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
                for (int i = 0; i < list.size(); i++) {
                    flatten(prefix + "[" + i + "]", list.get(i), keys);
                }
            } else if (node instanceof List<?> list) {
                keys.put(prefix, list.stream().map(String::valueOf).collect(Collectors.joining(", ")));
            } else {
                keys.put(prefix, node == null ? "" : String.valueOf(node));
            }
        }
    }
}
