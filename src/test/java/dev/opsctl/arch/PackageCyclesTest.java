package dev.opsctl.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No Java package of src/main depends, through any chain, on itself: a package and its sub-packages count as different
 * packages ({@code module} must not import {@code module.file} while {@code module.file} imports {@code module}). The
 * dependencies are read from the sources (imports and qualified names outside comments and strings), so the test needs
 * nothing but the files.
 */
class PackageCyclesTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    /** A reference to a project type: {@code dev.opsctl.<package>.<Type>}; the package is what precedes the capital. */
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.opsctl((?:\\.[a-z_][a-z0-9_]*)*)\\.[A-Z]");
    // DOTALL: '.' takes line breaks too; a text block as "(?:.|\n)*?" recursed once per character and overflowed the stack
    // on a long one.
    private static final Pattern COMMENTS_AND_STRINGS =
            Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"", Pattern.DOTALL);

    @Test
    void srcMainHasNoPackageCycle() {
        Map<String, Set<String>> graph = dependencies(SOURCES);
        assertThat(graph).as("packages read from %s", SOURCES.toAbsolutePath()).containsKey("dev.opsctl.cli");
        assertThat(cycles(graph)).as("package cycles (each list is a set of packages that reach one another)").isEmpty();
    }

    @Test
    void findsACycleThroughASubPackage(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        // The shape this test was written against: a registry in module/ naming reboot/'s module, reboot/ using module/.
        write(dir, "dev/opsctl/module/ModuleRegistry.java", "package dev.opsctl.module;\nimport dev.opsctl.reboot.RebootModule;\n");
        write(dir, "dev/opsctl/reboot/RebootModule.java", "package dev.opsctl.reboot;\nimport dev.opsctl.module.Module;\n");
        write(dir, "dev/opsctl/cli/Main.java", "package dev.opsctl.cli;\n// dev.opsctl.cli.Main names dev.opsctl.exec.Runner only here\n"
                + "class Main { String s = \"dev.opsctl.exec.Runner\"; dev.opsctl.module.Module m; }\n");
        write(dir, "dev/opsctl/exec/Runner.java", "package dev.opsctl.exec;\nimport dev.opsctl.cli.Main;\n");

        assertThat(cycles(dependencies(dir))).containsExactly(List.of("dev.opsctl.module", "dev.opsctl.reboot"));
    }

    /** package -> the project packages its files name. */
    static Map<String, Set<String>> dependencies(Path root) {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(source);
                if (!pkg.find()) continue;
                String from = pkg.group(1);
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher ref = REFERENCE.matcher(COMMENTS_AND_STRINGS.matcher(source).replaceAll(" "));
                while (ref.find()) {
                    String target = "dev.opsctl" + ref.group(1);
                    if (!target.equals(from)) to.add(target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** The strongly connected components with more than one package (Tarjan), each sorted, in a stable order. */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        return new Tarjan(graph).run();
    }

    private static final class Tarjan {
        private final Map<String, Set<String>> graph;
        private final Map<String, Integer> index = new TreeMap<>();
        private final Map<String, Integer> low = new TreeMap<>();
        private final List<String> stack = new ArrayList<>();
        private final List<List<String>> found = new ArrayList<>();

        Tarjan(Map<String, Set<String>> graph) {
            this.graph = graph;
        }

        List<List<String>> run() {
            for (String node : graph.keySet()) if (!index.containsKey(node)) visit(node);
            found.sort((a, b) -> a.get(0).compareTo(b.get(0)));
            return found;
        }

        private void visit(String node) {
            index.put(node, index.size());
            low.put(node, index.get(node));
            stack.add(node);
            for (String next : graph.getOrDefault(node, Set.of())) {
                if (!index.containsKey(next)) {
                    visit(next);
                    low.put(node, Math.min(low.get(node), low.get(next)));
                } else if (stack.contains(next)) {
                    low.put(node, Math.min(low.get(node), index.get(next)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                List<String> component = new ArrayList<>();
                String top;
                do {
                    top = stack.remove(stack.size() - 1);
                    component.add(top);
                } while (!top.equals(node));
                if (component.size() > 1) found.add(component.stream().sorted().toList());
            }
        }
    }

    private static void write(Path root, String file, String text) throws IOException {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
