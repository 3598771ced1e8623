package dev.cortexgateway.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No new package cycle. The arrows that already lie on a cycle are listed in
 * {@code src/test/resources/architecture/package-cycle-arrows.txt}; an arrow that closes a new
 * cycle fails this test, and so does a listed arrow that no longer lies on one (remove it from the
 * list: the list only shrinks; {@code -Dpackage.cycles.write=true} rewrites it, for a reviewed
 * diff). Packages everyone may depend on ({@code exchange}, {@code support}, {@code error},
 * {@code store}, {@code config}, {@code jobs}) must lie on no cycle at all.
 */
class PackageCyclesTest {

    private static final Path LIST = Path.of("src/test/resources/architecture/package-cycle-arrows.txt");

    @Test
    void noArrowClosesANewPackageCycle() throws IOException {
        Set<String> onCycles = PackageGraph.of(Path.of("src/main/java"), "dev.cortexgateway").arrowsOnCycles();
        if (Boolean.getBoolean("package.cycles.write")) {
            // after a merge, or once a cycle is gone: -Dpackage.cycles.write=true rewrites the list (review its diff)
            List<String> lines = new ArrayList<>(Files.readAllLines(LIST).stream().filter(line -> line.startsWith("#")).toList());
            lines.addAll(onCycles);
            Files.write(LIST, lines);
        }
        Set<String> known = known();

        Set<String> added = new TreeSet<>(onCycles);
        added.removeAll(known);
        assertThat(added).as("arrows that close a new package cycle: depend the other way, or move the class "
                + "both sides need to a package below them").isEmpty();
        Set<String> gone = new TreeSet<>(known);
        gone.removeAll(onCycles);
        assertThat(gone).as("arrows no longer on a cycle: remove them from " + LIST).isEmpty();
    }

    @Test
    void sharedPackagesLieOnNoCycle() {
        Set<String> onCycles = PackageGraph.of(Path.of("src/main/java"), "dev.cortexgateway").packagesOnCycles();

        assertThat(onCycles).doesNotContain("exchange", "support", "error", "store", "config", "jobs");
    }

    @Test
    void aNewCycleIsFound(@TempDir Path sources) throws IOException {
        write(sources, "a/A.java", "package x.a;\nimport x.b.B;\nclass A {}\n");
        write(sources, "b/B.java", "package x.b;\nimport x.c.C;\nimport static x.d.D.run;\nclass B {}\n");
        write(sources, "c/C.java", "package x.c;\nimport x.a.A.Inner;\nclass C {}\n");
        write(sources, "d/D.java", "package x.d;\nimport java.util.List;\nclass D {}\n");

        PackageGraph graph = PackageGraph.of(sources, "x");

        assertThat(graph.arrows()).containsExactly("a -> b", "b -> c", "b -> d", "c -> a");
        assertThat(graph.arrowsOnCycles()).containsExactly("a -> b", "b -> c", "c -> a");
        assertThat(graph.packagesOnCycles()).containsExactly("a", "b", "c");
    }

    private static Set<String> known() throws IOException {
        Set<String> known = new TreeSet<>();
        for (String line : Files.readAllLines(LIST)) {
            String arrow = line.replaceAll("#.*", "").strip();
            if (!arrow.isEmpty()) {
                known.add(arrow);
            }
        }
        return known;
    }

    private static void write(Path root, String file, String text) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}
