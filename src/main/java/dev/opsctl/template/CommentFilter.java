package dev.opsctl.template;

import dev.opsctl.python.Python;
import java.util.Map;

/**
 * Ansible's {@code comment} filter: text as a comment block in one of its styles ({@code plain}, {@code erlang},
 * {@code c}, {@code cblock}, {@code xml}), with its keyword overrides (decoration, prefix, postfix and their counts,
 * beginning, end, newline). The layout is ansible-core 2.14's, so a templated file matches byte for byte.
 */
final class CommentFilter {
    private record Style(String beginning, String decoration, String end) {}

    private static final Map<String, Style> STYLES = Map.of(
            "plain", new Style("", "# ", ""),
            "erlang", new Style("", "% ", ""),
            "c", new Style("", "// ", ""),
            "cblock", new Style("/*", " * ", " */"),
            "xml", new Style("<!--", " - ", "-->"));

    private CommentFilter() {}

    static AnsibleFilters.Named filter() {
        return new AnsibleFilters.Named("comment", (v, a, i) -> comment(Python.str(v), a.string(0, "style", "plain"), a.named()));
    }

    static String comment(String text, String styleName, Map<String, Object> kw) {
        Style style = STYLES.get(styleName);
        if (style == null) throw new IllegalArgumentException("unknown comment style '" + styleName + "' (known: " + String.join(", ", STYLES.keySet()) + ")");
        // The style's decoration, or the one given, also makes the prefix and postfix lines (without trailing blanks).
        String lineMark = kw.containsKey("decoration") ? str(kw.get("decoration")) : style.decoration();
        String newline = option(kw, "newline", "\n");
        String beginning = option(kw, "beginning", style.beginning());
        String prefix = option(kw, "prefix", lineMark.stripTrailing());
        int prefixCount = count(kw, "prefix_count");
        String decoration = option(kw, "decoration", style.decoration());
        String postfix = option(kw, "postfix", lineMark.stripTrailing());
        int postfixCount = count(kw, "postfix_count");
        String end = option(kw, "end", style.end());

        StringBuilder out = new StringBuilder();
        if (!beginning.isEmpty()) out.append(beginning).append(newline);
        if (!prefix.isEmpty()) out.append((prefix.equals(newline) ? newline : prefix + newline).repeat(prefixCount));
        String body = decoration + text.replace(newline, newline + decoration);
        // A line holding only the decoration loses its trailing blanks.
        out.append(body.replace(decoration + newline, decoration.stripTrailing() + newline));
        for (int n = 0; n < postfixCount; n++) out.append(newline).append(postfix);
        if (!end.isEmpty()) out.append(newline).append(end);
        return out.toString();
    }

    private static String option(Map<String, Object> kw, String name, String fallback) {
        return kw.containsKey(name) ? str(kw.get(name)) : fallback;
    }

    private static int count(Map<String, Object> kw, String name) {
        Object v = kw.get(name);
        return v == null ? 1 : v instanceof Number n ? n.intValue() : Integer.parseInt(str(v).strip());
    }

    private static String str(Object o) {
        return Python.str(Python.unwrap(o));
    }
}
