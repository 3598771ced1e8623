package dev.cortexgateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration-reference.md is what the configuration metadata generates today: a settings
 * record whose Javadoc or default changed without the reference regenerated fails the build, naming
 * the command that regenerates it. Every gateway.* key the application*.yaml files set is in the
 * reference, and every setting has a description.
 */
class ConfigurationReferenceIsCurrentTest {

    static final Path REFERENCE = Path.of("docs/configuration-reference.md");
    /** Set to true to (re)write the committed file instead of only comparing. */
    static final String WRITE = "configuration.reference.write";
    static final String COMMAND = "mvn -q test -Dtest=ConfigurationReferenceIsCurrentTest -D" + WRITE + "=true";

    /** A setting read without a properties record: a condition, an injected value, an Environment lookup. */
    private static final Pattern READ_BY_NAME = Pattern.compile(
            "(?:ConditionalOnProperty\\((?:name|value)\\s*=\\s*|@Value\\(\"\\$\\{|getProperty\\(|blank\\(|value\\()\"(gateway\\.[a-z0-9.-]*[a-z0-9])");

    private static ConfigurationReference reference;

    @BeforeAll
    static void load() throws IOException {
        reference = ConfigurationReference.load(new ObjectMapper());
    }

    @Test
    void theCommittedReferenceIsWhatTheMetadataGenerates() throws IOException {
        String generated = reference.markdown(COMMAND);
        if (Boolean.getBoolean(WRITE)) {
            Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(REFERENCE) ? Files.readString(REFERENCE, StandardCharsets.UTF_8) : "";

        // a boolean, so that the failure is the message and not two long documents
        assertThat(committed.equals(generated))
                .as("%s is not what the configuration metadata generates (%s); regenerate it with%n  %s%nand commit it",
                        REFERENCE, Differences.first(committed, generated), COMMAND)
                .isTrue();
    }

    @Test
    void everyGatewayKeyTheYamlFilesSetIsInTheReference() {
        Map<String, String> undocumented = new TreeMap<>();
        reference.yamlKeys().forEach((key, file) -> {
            if (reference.documenting(key) == null) {
                undocumented.put(key, "application" + ("application".equals(file) ? "" : "-" + file) + ".yaml");
            }
        });

        assertThat(reference.yamlKeys()).as("gateway.* keys in application*.yaml").hasSizeGreaterThan(150);
        assertThat(undocumented)
                .as("gateway.* keys set in application*.yaml that no @ConfigurationProperties record binds and "
                        + "%s does not describe (bind them in a properties record with Javadoc, or describe them there)",
                        ConfigurationReference.ADDITIONAL)
                .isEmpty();
    }

    @Test
    void everyGatewaySettingTheJavaCodeReadsByNameIsInTheReference() throws IOException {
        Map<String, String> undocumented = new TreeMap<>();
        int found = 0;
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher read = READ_BY_NAME.matcher(Files.readString(source, StandardCharsets.UTF_8));
                while (read.find()) {
                    found++;
                    if (reference.documenting(read.group(1)) == null) {
                        undocumented.put(read.group(1), source.toString());
                    }
                }
            }
        }

        assertThat(found).as("settings read by name (@ConditionalOnProperty, @Value, Environment)").isGreaterThanOrEqualTo(10);
        assertThat(undocumented)
                .as("gateway.* settings read by name but not in the metadata: describe them in %s", ConfigurationReference.ADDITIONAL)
                .isEmpty();
    }

    @Test
    void everySettingHasADescription() {
        List<String> withoutDescription = reference.properties().values().stream()
                .filter(p -> p.description().isBlank())
                .map(ConfigurationReference.Property::name)
                .toList();

        assertThat(reference.properties()).as("gateway.* settings in the metadata").hasSizeGreaterThan(150);
        assertThat(withoutDescription)
                .as("settings without a description: write an @param line in their record's Javadoc")
                .isEmpty();
    }

    @Test
    void aKeyNoRecordBindsIsFoundUndocumented() {
        // the check above must be able to fail: a made-up key is neither a property nor an entry of one
        assertThat(reference.documenting("gateway.no-such.setting")).isNull();
        assertThat(reference.documenting("gateway.rate-limits.groups.chat.capacity").name()).isEqualTo("gateway.rate-limits.groups");
        assertThat(reference.documenting("gateway.clients.seed[1].secret").name()).isEqualTo("gateway.clients.seed");
    }
}
