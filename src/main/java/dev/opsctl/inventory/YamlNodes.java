package dev.opsctl.inventory;

import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import dev.opsctl.vault.Vault;
import java.io.StringReader;
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
 * One YAML file read with SnakeYAML (YAML 1.1, like Ansible): a node tree that keeps line numbers for the structure,
 * and plain Java values for variables.
 */
final class YamlNodes {
    private final String file;
    private final Values values = new Values();

    YamlNodes(String file) {
        this.file = file;
    }

    /** The document's root node, or null for an empty file; malformed YAML is an InputException at its line. */
    Node compose(String text) {
        try {
            Node root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
            return root;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new InputException(at(mark), "invalid YAML: " + problem);
        } catch (YAMLException e) {
            throw new InputException(Source.of(file), "invalid YAML: " + e.getMessage());
        }
    }

    /** The node as a Java value: maps, lists, strings, numbers, booleans, null. */
    Object value(Node node) {
        try {
            return values.construct(node);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new InputException(at(mark), e.getProblem() != null ? e.getProblem() : e.getMessage());
        } catch (YAMLException e) {
            throw new InputException(at(node), e.getMessage());
        }
    }

    /** A mapping node's keys (as strings) to their value nodes, merge keys applied. */
    Map<String, Node> entries(MappingNode node) {
        values.flatten(node);
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) out.put(String.valueOf(value(t.getKeyNode())), t.getValueNode());
        return out;
    }

    /** Key nodes of a mapping, for error positions. */
    Map<String, Node> keys(MappingNode node) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) out.put(String.valueOf(value(t.getKeyNode())), t.getKeyNode());
        return out;
    }

    static boolean isNull(Node node) {
        return node == null || node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    Source at(Node node) {
        return at(node.getStartMark());
    }

    private Source at(Mark mark) {
        return mark == null ? Source.of(file) : new Source(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** SafeConstructor with Ansible's own tags: !unsafe marks a plain string; !vault is decrypted with the run's vault passwords. */
    private final class Values extends SafeConstructor {
        Values() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!unsafe"), new ConstructYamlStr());
            yamlConstructors.put(new Tag("!vault"), new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    if (!(node instanceof ScalarNode s)) throw new InputException(at(node), "!vault must tag a string (vault text), not a mapping or list");
                    return Vault.inline(String.valueOf(constructScalar(s)), at(node));
                }
            });
        }

        Object construct(Node node) {
            return constructObject(node);
        }

        void flatten(MappingNode node) {
            flattenMapping(node);
        }
    }
}
