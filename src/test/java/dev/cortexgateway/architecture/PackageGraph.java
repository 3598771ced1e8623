package dev.cortexgateway.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The arrows between the gateway's packages, read from the {@code import} lines of its sources (so
 * no bytecode tool is needed), and the arrows that lie on a cycle: those inside a strongly connected
 * group of packages (Tarjan). Packages are named relative to the root package ({@code tools},
 * {@code store.redis}); an arrow is {@code from -> to}.
 */
final class PackageGraph {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\.[\\w*]+\\s*;", Pattern.MULTILINE);

    private final Map<String, Set<String>> arrows = new TreeMap<>();

    private PackageGraph() {
    }

    /** Reads every {@code .java} file under {@code sources} whose package is {@code root} or below it. */
    static PackageGraph of(Path sources, String root) {
        PackageGraph graph = new PackageGraph();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(text);
                if (!pkg.find() || !inside(pkg.group(1), root)) {
                    continue;
                }
                String from = relative(pkg.group(1), root);
                graph.arrows.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher imports = IMPORT.matcher(text);
                while (imports.find()) {
                    String owner = ownerPackage(imports.group(1));
                    if (inside(owner, root) && !relative(owner, root).equals(from)) {
                        graph.arrows.get(from).add(relative(owner, root));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** All arrows, as {@code from -> to}. */
    Set<String> arrows() {
        Set<String> all = new TreeSet<>();
        arrows.forEach((from, tos) -> tos.forEach(to -> all.add(from + " -> " + to)));
        return all;
    }

    /** The arrows that lie on some cycle: both ends in the same strongly connected group. */
    Set<String> arrowsOnCycles() {
        Map<String, Integer> group = groups();
        Set<String> onCycles = new TreeSet<>();
        arrows.forEach((from, tos) -> tos.stream()
                .filter(to -> group.get(from).equals(group.get(to)))
                .forEach(to -> onCycles.add(from + " -> " + to)));
        return onCycles;
    }

    /** The packages that lie on some cycle. */
    Set<String> packagesOnCycles() {
        Set<String> packages = new TreeSet<>();
        for (String arrow : arrowsOnCycles()) {
            packages.addAll(List.of(arrow.split(" -> ")));
        }
        return packages;
    }

    /** Tarjan's strongly connected components, iterative; package -> group number. */
    private Map<String, Integer> groups() {
        Set<String> nodes = new TreeSet<>(arrows.keySet());
        arrows.values().forEach(nodes::addAll);
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Map<String, Integer> group = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        int[] counter = {0};
        for (String start : nodes) {
            if (!index.containsKey(start)) {
                connect(start, index, low, group, stack, onStack, counter);
            }
        }
        return group;
    }

    private void connect(String node, Map<String, Integer> index, Map<String, Integer> low, Map<String, Integer> group,
                         Deque<String> stack, Set<String> onStack, int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]++);
        stack.push(node);
        onStack.add(node);
        for (String next : arrows.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, index, low, group, stack, onStack, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                group.put(member, index.get(node));
            } while (!member.equals(node));
        }
    }

    /** {@code a.b.C} -> {@code a.b}; {@code a.b.C.Inner} -> {@code a.b} (class names start upper case). */
    private static String ownerPackage(String imported) {
        String[] parts = imported.split("\\.");
        StringBuilder pkg = new StringBuilder();
        for (String part : parts) {
            if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
                break;
            }
            pkg.append(pkg.isEmpty() ? "" : ".").append(part);
        }
        return pkg.toString();
    }

    private static boolean inside(String pkg, String root) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    private static String relative(String pkg, String root) {
        return pkg.equals(root) ? "(root)" : pkg.substring(root.length() + 1);
    }
}
