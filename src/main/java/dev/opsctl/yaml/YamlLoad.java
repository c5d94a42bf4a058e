package dev.opsctl.yaml;

import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import dev.opsctl.diag.Warnings;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Every YAML file opsctl reads goes through here, read as Ansible reads YAML: any number of aliases (inventories
 * merge {@code <<: *defaults} into hundreds of hosts), no size limit, duplicate keys allowed (the last wins, with a
 * warning). What Ansible would die on is a clear error with file:line instead: nesting deeper than
 * {@value #MAX_DEPTH} levels, aliases that expand to more than {@value #MAX_EXPANDED} values (an alias bomb), text
 * that is not UTF-8.
 */
public final class YamlLoad {
    public static final int MAX_DEPTH = 500;
    public static final long MAX_EXPANDED = 10_000_000;

    private YamlLoad() {}

    /** SnakeYAML's loader options with its safety limits replaced by the checks of this class. */
    public static LoaderOptions options() {
        LoaderOptions o = new LoaderOptions();
        o.setMaxAliasesForCollections(Integer.MAX_VALUE);
        o.setCodePointLimit(Integer.MAX_VALUE);
        o.setNestingDepthLimit(MAX_DEPTH);
        o.setAllowDuplicateKeys(true);
        o.setWarnOnDuplicateKeys(false);
        return o;
    }

    /** The bytes of a file as UTF-8 text; anything else is an error naming the line of the first bad byte. */
    public static String decode(byte[] bytes, String file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) r = decoder.flush(out);
        if (r.isError()) {
            int bad = in.position();
            int line = 1;
            for (int i = 0; i < bad; i++) if (bytes[i] == '\n') line++;
            throw new InputException(new Source(file, line, 0), String.format("not UTF-8 text (byte 0x%02X); save the file as UTF-8", bytes[Math.min(bad, bytes.length - 1)] & 0xff));
        }
        return out.flip().toString();
    }

    /**
     * The document's node graph (aliases still shared), checked; null for an empty document. Syntax errors and the
     * limits above are InputExceptions at their position.
     */
    public static Node compose(String text, String file) {
        Node root;
        try {
            root = new Yaml(options()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            throw new InputException(at(file, m), "YAML syntax error: " + problem + context);
        } catch (YAMLException e) {
            if (String.valueOf(e.getMessage()).contains("Nesting Depth")) throw tooDeep(text, file);
            throw new InputException(Source.of(file), "YAML error: " + e.getMessage());
        }
        if (root == null) return null;
        long expanded = expandedSize(root, new IdentityHashMap<>());
        if (expanded > MAX_EXPANDED) {
            throw new InputException(at(file, root.getStartMark()), "its aliases expand to more than " + MAX_EXPANDED
                    + " values (an alias bomb?); refused");
        }
        warnDuplicateKeys(root, file, Collections.newSetFromMap(new IdentityHashMap<>()));
        return root;
    }

    /** Where the nesting first goes past the limit, found by reading events (no recursion). */
    private static InputException tooDeep(String text, String file) {
        int depth = 0;
        for (Event e : new Yaml(options()).parse(new StringReader(text))) {
            if (e instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
                return new InputException(at(file, e.getStartMark()), "nested deeper than " + MAX_DEPTH + " levels; refused");
            }
            if (e instanceof CollectionEndEvent) depth--;
        }
        return new InputException(Source.of(file), "nested deeper than " + MAX_DEPTH + " levels; refused");
    }

    /** How many values the document holds once every alias is expanded; counted once per shared node, so cheap. */
    private static long expandedSize(Node node, Map<Node, Long> seen) {
        Long known = seen.get(node);
        if (known != null) return known;
        seen.put(node, 1L); // a recursive alias counts once
        long size = 1;
        if (node instanceof SequenceNode s) {
            for (Node child : s.getValue()) size = Math.min(MAX_EXPANDED + 1, size + expandedSize(child, seen));
        } else if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                size = Math.min(MAX_EXPANDED + 1, size + expandedSize(t.getKeyNode(), seen) + expandedSize(t.getValueNode(), seen));
            }
        }
        seen.put(node, size);
        return size;
    }

    private static void warnDuplicateKeys(Node node, String file, Set<Node> visited) {
        if (!visited.add(node)) return;
        if (node instanceof SequenceNode s) {
            for (Node child : s.getValue()) warnDuplicateKeys(child, file, visited);
        } else if (node instanceof MappingNode m) {
            Set<String> keys = new HashSet<>();
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && !k.getValue().equals("<<") && !keys.add(k.getValue())) {
                    Warnings.add(at(file, k.getStartMark()), "duplicate key '" + k.getValue() + "' (the last one wins, as in Ansible)");
                }
                warnDuplicateKeys(t.getValueNode(), file, visited);
            }
        }
    }

    public static Source at(String file, Mark m) {
        return m == null ? Source.of(file) : new Source(file, m.getLine() + 1, m.getColumn() + 1);
    }
}
