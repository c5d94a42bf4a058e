package dev.opsctl.yaml;

import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import dev.opsctl.vault.Vault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML document read as Ansible reads it (YAML 1.1, SnakeYAML's safe types), remembering where each
 * mapping, list and mapping key stands in the file, so errors can name file:line:column.
 */
public final class YamlFile {
    private final String file;
    private final Object root;
    private final Map<Object, Mark> starts;
    private final Map<Object, Map<Object, Mark>> keyMarks;

    private YamlFile(String file, Object root, Map<Object, Mark> starts, Map<Object, Map<Object, Mark>> keyMarks) {
        this.file = file;
        this.root = root;
        this.starts = starts;
        this.keyMarks = keyMarks;
    }

    /** Reads and parses {@code path}; a syntax error becomes an {@link InputException} with its position. */
    public static YamlFile read(Path path, String displayName) {
        String text;
        try {
            text = Vault.fileText(Files.readString(path), displayName);
        } catch (IOException e) {
            throw new InputException(Source.of(displayName), "cannot read file: " + e.getMessage());
        }
        return parse(text, displayName);
    }

    public static YamlFile parse(String text, String displayName) {
        Map<Object, Mark> starts = new IdentityHashMap<>();
        Map<Object, Map<Object, Mark>> keyMarks = new IdentityHashMap<>();
        LoaderOptions options = new LoaderOptions();
        SafeConstructor constructor = new SafeConstructor(options) {
            {
                // Ansible's inline vaulted value: decrypted with the run's vault passwords, and a secret from then on.
                yamlConstructors.put(new Tag("!vault"), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Source where = at(displayName, node.getStartMark());
                        if (!(node instanceof ScalarNode s)) throw new InputException(where, "!vault must tag a string (vault text), not a mapping or list");
                        return Vault.inline(String.valueOf(constructScalar(s)), where);
                    }
                });
            }

            @Override
            protected Object constructObject(Node node) {
                Object value = super.constructObject(node);
                if (value instanceof Map<?, ?> || value instanceof java.util.List<?>) {
                    starts.putIfAbsent(value, node.getStartMark());
                }
                if (node instanceof MappingNode mapping && value instanceof Map<?, ?>) {
                    Map<Object, Mark> marks = new LinkedHashMap<>();
                    for (NodeTuple t : mapping.getValue()) {
                        if (t.getKeyNode() instanceof ScalarNode k) marks.put(k.getValue(), k.getStartMark());
                    }
                    keyMarks.putIfAbsent(value, marks);
                }
                return value;
            }
        };
        Yaml yaml = new Yaml(constructor);
        try {
            Object root = yaml.load(text);
            return new YamlFile(displayName, root, starts, keyMarks);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            throw new InputException(at(displayName, m), "YAML syntax error: " + problem + context);
        } catch (YAMLException e) {
            throw new InputException(Source.of(displayName), "YAML error: " + e.getMessage());
        }
    }

    public Object root() {
        return root;
    }

    public String file() {
        return file;
    }

    /** Where a mapping or list read from this file starts. */
    public Source at(Object node) {
        Mark m = starts.get(node);
        return m == null ? Source.of(file) : at(file, m);
    }

    /** Where {@code key} of {@code mapping} stands; the mapping's start when unknown. */
    public Source keyAt(Object mapping, String key) {
        Map<Object, Mark> marks = keyMarks.get(mapping);
        Mark m = marks == null ? null : marks.get(key);
        return m == null ? at(mapping) : at(file, m);
    }

    private static Source at(String file, Mark m) {
        return m == null ? Source.of(file) : new Source(file, m.getLine() + 1, m.getColumn() + 1);
    }
}
