package dev.cortexgateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every link and repository path in the docs points at something that exists (the rules are on
 * {@link DocLinks}). The repository's own check, then the checker on a small made-up checkout, so a
 * broken link of each kind is shown to fail it.
 */
class DocLinksTest {

    @Test
    void everyLinkAndCitedPathInTheRepositoryExists() throws IOException {
        DocLinks links = new DocLinks(Path.of(""));

        assertThat(links.markdownFiles()).as("Markdown files checked").hasSizeGreaterThan(30);
        List<DocLinks.Broken> broken = links.check();
        assertThat(broken).as("broken links and paths (file:line: target); fix the link or the file name").isEmpty();
    }

    @Test
    void aBrokenLinkAnchorOrPathFailsTheCheck(@TempDir Path checkout) throws IOException {
        Files.createDirectories(checkout.resolve("docs/decisions"));
        Files.createDirectories(checkout.resolve("src/main/java"));
        Files.writeString(checkout.resolve("docs/decisions/0001-a.md"), "# 0001 A\n\n## Why it is so\n");
        Files.writeString(checkout.resolve("README.md"), String.join("\n",
                "[ok](docs/decisions/0001-a.md) and [ok too](docs/decisions/0001-a.md#why-it-is-so)",
                "[gone](docs/nothing.md) and [bad anchor](docs/decisions/0001-a.md#no-such-heading)",
                "See docs/decisions/0001-a.md, `docs/decisions/0099-missing.md` and routes-tests/<route file>/.",
                "A command is not a citation: `kubectl rollout restart deploy/cortex-gateway`; but deploy/gone.sh is.",
                "```",
                "docs/inside-a-code-block.md is not checked",
                "```",
                "[web](https://example.com) [site path](/docs)"));
        Files.writeString(checkout.resolve("src/main/java/A.java"), "// why: docs/decisions/0002-gone.md, docs/decisions/0001\n"
                + "// and docs/decisions/0003\n");

        List<String> broken = new DocLinks(checkout).check().stream().map(DocLinks.Broken::toString).toList();

        assertThat(broken).containsExactlyInAnyOrder(
                "README.md:2: docs/nothing.md (no such file)",
                "README.md:2: docs/decisions/0001-a.md#no-such-heading (no heading with anchor #no-such-heading)",
                "README.md:3: docs/decisions/0099-missing.md (no such path in the repository)",
                "README.md:4: deploy/gone.sh (no such path in the repository)",
                "src/main/java/A.java:1: docs/decisions/0002-gone.md (no such path in the repository)",
                "src/main/java/A.java:2: docs/decisions/0003 (no decision record numbered 0003)");
    }

    @Test
    void anchorsAreSpelledAsGitHubSpellsThem() {
        assertThat(DocLinks.slug("Graceful shutdown and database outages")).isEqualTo("graceful-shutdown-and-database-outages");
        assertThat(DocLinks.slug("Browser clients (CORS)")).isEqualTo("browser-clients-cors");
        assertThat(DocLinks.slug("`gateway.cache`")).isEqualTo("gatewaycache");
    }
}
