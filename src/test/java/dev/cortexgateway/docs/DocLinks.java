package dev.cortexgateway.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the links and repository paths in a checkout's documents that point at nothing. The rules
 * (docs/decisions/0028-generated-reference-docs.md):
 * <ol>
 * <li>Every Markdown link {@code [text](target)} and image in a {@code *.md} file whose target is not a
 *     URL ({@code scheme:}) nor a site path ({@code /...}) names a file or directory relative to the
 *     Markdown file; a {@code #anchor} on a {@code .md} target (or alone) names one of its headings,
 *     spelled as GitHub makes heading anchors.</li>
 * <li>Every repository path a {@code *.md} file cites outside code blocks exists relative to the
 *     repository root: in prose, or as a whole code span ({@code `docs/api.md`}; a path inside a
 *     longer code span is part of a command, e.g. {@code kubectl rollout restart deploy/x}, and is not
 *     checked). A repository path is a word that starts with one of {@link #TOP_DIRECTORIES} and a
 *     {@code /}; one with {@code <}, {@code *}, {@code {}, {@code $} or {@code ...} is a pattern, not a
 *     path, and is skipped.</li>
 * <li>Every {@code docs/...} path cited in the sources, build and deployment files exists too (source
 *     comments cite decision records), in the repository or as a classpath resource under
 *     {@code src/main/resources}.</li>
 * </ol>
 * A decision record may be cited by its number alone ({@code docs/decisions/0018} is the one
 * {@code 0018-*.md}). A path without a file extension may also name a Java class by package, as the docs cite tests
 * ({@code deploy/K8sManifestsTest} is {@code dev.cortexgateway.deploy.K8sManifestsTest}).
 */
final class DocLinks {

    static final List<String> TOP_DIRECTORIES = List.of("docs", "src", "deploy", "routes-tests", "bench", ".ci");
    /** Where rule 3 looks: text files that may cite docs/ in comments. */
    static final List<String> CITING_SOURCES = List.of("src", "deploy", "bench", ".ci", "pom.xml");
    /** This checker's own test cites missing files on purpose, in the made-up checkout it checks. */
    private static final String OWN_TEST = "DocLinksTest.java";
    private static final List<String> CLASS_ROOTS = List.of("src/main/java/dev/cortexgateway/", "src/test/java/dev/cortexgateway/");
    private static final Set<String> SOURCE_EXTENSIONS = Set.of("java", "yaml", "yml", "xml", "sh", "js", "html", "css",
            "json", "sql", "properties", "md", "txt", "");

    private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*])*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern REPOSITORY_PATH = Pattern.compile(
            "(?<![\\w./:<{$-])((?:" + String.join("|", TOP_DIRECTORIES.stream().map(Pattern::quote).toList())
                    + ")/[\\w./<>*{}$@-]*)");
    private static final Pattern DOCS_PATH = Pattern.compile("(?<![\\w./:<{$-])(docs/[\\w./<>*{}$@-]*)");
    private static final Pattern DECISION_NUMBER = Pattern.compile("docs/decisions/(\\d{4})");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]*)`");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    /** One broken reference: where it is and what it names. */
    record Broken(String file, int line, String target, String why) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + target + " (" + why + ")";
        }
    }

    private final Path root;
    private final Map<Path, Set<String>> anchors = new HashMap<>();

    DocLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Every broken link and path in the checkout's Markdown files and in the sources' docs/ citations. */
    List<Broken> check() throws IOException {
        List<Broken> broken = new ArrayList<>();
        for (Path markdown : files(root, p -> p.toString().endsWith(".md"))) {
            broken.addAll(checkMarkdown(markdown));
        }
        for (String top : CITING_SOURCES) {
            Path start = root.resolve(top);
            if (Files.exists(start)) {
                for (Path source : files(start, p -> !p.toString().endsWith(".md") && SOURCE_EXTENSIONS.contains(extension(p))
                        && !p.getFileName().toString().equals(OWN_TEST))) {
                    broken.addAll(checkSource(source));
                }
            }
        }
        return broken;
    }

    List<Path> markdownFiles() throws IOException {
        return files(root, p -> p.toString().endsWith(".md"));
    }

    private List<Broken> checkMarkdown(Path file) throws IOException {
        List<Broken> broken = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        boolean inFence = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.stripLeading().startsWith("```") || line.stripLeading().startsWith("~~~")) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            List<String> targets = new ArrayList<>();
            Matcher link = LINK.matcher(line);
            while (link.find()) {
                targets.add(link.group(1));
            }
            Matcher definition = REFERENCE_DEFINITION.matcher(line);
            if (definition.matches()) {
                targets.add(definition.group(1));
            }
            for (String target : targets) {
                String why = linkProblem(file, target);
                if (why != null) {
                    broken.add(new Broken(relative(file), i + 1, target, why));
                }
            }
            // paths: links' own targets were checked above, so take them out first; a code span counts
            // when it is one path as a whole
            List<String> cited = new ArrayList<>();
            Matcher span = CODE_SPAN.matcher(LINK.matcher(line).replaceAll("[]"));
            StringBuilder prose = new StringBuilder();
            while (span.find()) {
                if (REPOSITORY_PATH.matcher(span.group(1)).matches()) {
                    cited.add(span.group(1));
                }
                span.appendReplacement(prose, " ");
            }
            span.appendTail(prose);
            Matcher inProse = REPOSITORY_PATH.matcher(prose);
            while (inProse.find()) {
                cited.add(inProse.group(1));
            }
            for (String path : cited) {
                String why = pathProblem(path);
                if (why != null) {
                    broken.add(new Broken(relative(file), i + 1, path, why));
                }
            }
        }
        return broken;
    }

    private List<Broken> checkSource(Path file) {
        List<Broken> broken = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return broken; // not text
        }
        for (int i = 0; i < lines.size(); i++) {
            Matcher path = DOCS_PATH.matcher(lines.get(i));
            while (path.find()) {
                String why = pathProblem(path.group(1));
                if (why != null && Files.exists(root.resolve("src/main/resources").resolve(path.group(1)))) {
                    why = null;
                }
                if (why != null) {
                    broken.add(new Broken(relative(file), i + 1, path.group(1), why));
                }
            }
        }
        return broken;
    }

    /** Why a Markdown link target is broken, or null. */
    String linkProblem(Path from, String target) {
        if (URL.matcher(target).find() || target.startsWith("/")) {
            return null;
        }
        int hash = target.indexOf('#');
        String pathPart = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = pathPart.isEmpty() ? from : from.getParent().resolve(decode(pathPart)).normalize();
        if (!resolved.startsWith(root)) {
            return "outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor != null && !anchor.isEmpty() && resolved.toString().endsWith(".md")
                && !anchorsOf(resolved).contains(anchor.toLowerCase(Locale.ROOT))) {
            return "no heading with anchor #" + anchor;
        }
        return null;
    }

    /** Why a repository path cited in prose is broken, or null (also null for patterns). */
    String pathProblem(String cited) {
        String path = cited.replaceAll("[.,;:)}]+$", "");
        if (path.contains("<") || path.contains("*") || path.contains("{") || path.contains("$") || path.contains("...")) {
            return null;
        }
        int hash = path.indexOf('#');
        if (hash >= 0) {
            path = path.substring(0, hash);
        }
        if (Files.exists(root.resolve(path))) {
            return null;
        }
        Matcher decision = DECISION_NUMBER.matcher(path);
        if (decision.matches()) {
            String[] records = root.resolve("docs/decisions").toFile().list((dir, name) -> name.startsWith(decision.group(1) + "-"));
            return records != null && records.length == 1 ? null : "no decision record numbered " + decision.group(1);
        }
        String asClass = path;
        boolean javaClass = !asClass.substring(asClass.lastIndexOf('/') + 1).contains(".")
                && CLASS_ROOTS.stream().anyMatch(classRoot -> Files.exists(root.resolve(classRoot + asClass + ".java")));
        return javaClass ? null : "no such path in the repository";
    }

    /** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces as -. */
    Set<String> anchorsOf(Path markdown) {
        return anchors.computeIfAbsent(markdown, file -> {
            Set<String> found = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            try {
                boolean inFence = false;
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.stripLeading().startsWith("```")) {
                        inFence = !inFence;
                    }
                    Matcher heading = HEADING.matcher(line);
                    if (!inFence && heading.matches()) {
                        String slug = slug(heading.group(1));
                        int n = seen.merge(slug, 1, Integer::sum);
                        found.add(n == 1 ? slug : slug + "-" + (n - 1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return found;
        });
    }

    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static String decode(String path) {
        return path.replace("%20", " ");
    }

    private String relative(Path file) {
        return root.relativize(file).toString();
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    /** Files under start, without build output, VCS data and dependencies. */
    private static List<Path> files(Path start, java.util.function.Predicate<Path> wanted) throws IOException {
        if (Files.isRegularFile(start)) {
            return wanted.test(start) ? List.of(start) : List.of();
        }
        try (Stream<Path> walk = Files.walk(start)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of("target", ".git", "node_modules", "data")
                            .noneMatch(skip -> start.relativize(p).toString().startsWith(skip + "/")
                                    || start.relativize(p).toString().contains("/" + skip + "/")))
                    .filter(wanted)
                    .sorted()
                    .toList();
        }
    }
}
