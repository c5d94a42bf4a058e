package dev.opsctl.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.lib.filter.Filter;
import dev.opsctl.python.Python;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Filters that serialize and parse: {@code to_json}, {@code to_nice_json}, {@code to_yaml}, {@code to_nice_yaml}, {@code from_json}, {@code from_yaml}, as Ansible's json/PyYAML calls lay them out. */
final class SerialFilters {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SerialFilters() {}

    static List<Filter> all() {
        List<Filter> f = new ArrayList<>();
        f.add(new AnsibleFilters.Named("to_json", (v, a, i) -> Python.json(v, indentArg(a.get(-1, "indent", null)), a.bool(-1, "sort_keys", false))));
        f.add(new AnsibleFilters.Named("to_nice_json", (v, a, i) -> Python.json(v, indentArg(a.get(-1, "indent", 4)), a.bool(-1, "sort_keys", true))));
        f.add(new AnsibleFilters.Named("to_yaml", (v, a, i) -> yaml(v, indentArg(a.get(-1, "indent", null)), DumperOptions.FlowStyle.AUTO)));
        f.add(new AnsibleFilters.Named("to_nice_yaml", (v, a, i) -> yaml(v, indentArg(a.get(-1, "indent", 4)), DumperOptions.FlowStyle.BLOCK)));
        f.add(new AnsibleFilters.Named("from_json", (v, a, i) -> {
            try {
                return JSON.readValue(Python.str(v), Object.class);
            } catch (Exception e) {
                throw new IllegalArgumentException("invalid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }));
        f.add(new AnsibleFilters.Named("from_yaml", (v, a, i) -> new Yaml(new SafeConstructor(new LoaderOptions())).load(Python.str(v))));
        return f;
    }

    private static Integer indentArg(Object indent) {
        return indent == null ? null : ((Number) indent).intValue();
    }
    /** PyYAML's dump as Ansible calls it: keys sorted, flow style for leaf collections (to_yaml) or block (to_nice_yaml). */
    private static String yaml(Object v, Integer indent, DumperOptions.FlowStyle style) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(style);
        o.setAllowUnicode(true);
        if (indent != null) o.setIndent(indent);
        o.setIndicatorIndent(0);
        o.setSplitLines(true);
        return new Yaml(o).dump(sortedKeys(Python.plain(v)));
    }
    private static Object sortedKeys(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new TreeMap<>((x, y) -> Python.str(x).compareTo(Python.str(y)));
            m.forEach((k, val) -> out.put(k, sortedKeys(val)));
            return new LinkedHashMap<>(out);
        }
        if (v instanceof List<?> l) return l.stream().map(SerialFilters::sortedKeys).toList();
        return v;
    }
}
