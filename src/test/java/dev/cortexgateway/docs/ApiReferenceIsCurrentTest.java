package dev.cortexgateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortexgateway.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md is what the contract and the route files generate today; every operation of
 * the contract names the route that serves it (a platform-http route with its path and method, or an
 * {@code x-route} / {@code x-served-by} for what a Java bridge serves); and docs/api-conventions.md says when each
 * error code is answered, for every code and only for codes that exist.
 */
class ApiReferenceIsCurrentTest {

    static final Path REFERENCE = Path.of("docs/api.md");
    static final Path API = Path.of("docs/api-conventions.md");
    /** Set to true to (re)write the committed file instead of only comparing. */
    static final String WRITE = "api.reference.write";
    static final String COMMAND = "mvn -q test -Dtest=ApiReferenceIsCurrentTest -D" + WRITE + "=true";

    private static final Pattern TABLE_ROW_CODES = Pattern.compile("^\\| \\d{3} \\| ([A-Z_, ]+) \\|", Pattern.MULTILINE);

    private static ApiReference reference;

    @BeforeAll
    static void load() throws IOException {
        reference = ApiReference.load();
    }

    @Test
    void theCommittedReferenceIsWhatTheContractAndRoutesGenerate() throws IOException {
        String generated = reference.markdown(COMMAND);
        if (Boolean.getBoolean(WRITE)) {
            Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(REFERENCE) ? Files.readString(REFERENCE, StandardCharsets.UTF_8) : "";

        assertThat(committed.equals(generated))
                .as("%s is not what the contract and route files generate (%s); regenerate it with%n  %s%nand commit it",
                        REFERENCE, Differences.first(committed, generated), COMMAND)
                .isTrue();
    }

    @Test
    void everyOperationNamesWhatServesIt() {
        List<String> unserved = reference.operations().stream()
                .filter(op -> op.route().isEmpty() && op.servedBy().isEmpty())
                .map(op -> op.method() + " " + op.path())
                .toList();

        assertThat(unserved)
                .as("operations with no platform-http route of that path and method, and no x-route naming an existing"
                        + " route id or x-served-by naming the Java class that answers them")
                .isEmpty();
    }

    @Test
    void apiMdSaysWhenEveryErrorCodeIsAnswered() throws IOException {
        String api = Files.readString(API, StandardCharsets.UTF_8);
        Set<String> documented = new TreeSet<>();
        Matcher rows = TABLE_ROW_CODES.matcher(api);
        while (rows.find()) {
            Arrays.stream(rows.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(documented::add);
        }
        Set<String> codes = new TreeSet<>();
        Arrays.stream(ErrorCode.values()).map(Enum::name).forEach(codes::add);

        assertThat(difference(codes, documented)).as("error codes without a row in the error table of %s", API).isEmpty();
        assertThat(difference(documented, codes)).as("rows of the error table of %s naming no error code", API).isEmpty();
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }
}
