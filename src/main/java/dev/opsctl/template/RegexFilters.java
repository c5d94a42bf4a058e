package dev.opsctl.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import dev.opsctl.python.PyRegex;
import dev.opsctl.python.Python;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ansible's {@code regex_*} filters on Python's {@code re}, through the one translator in python/PyRegex. */
final class RegexFilters {
    /** The characters Python's {@code re.escape} escapes (3.7+). */
    private static final String SPECIAL = "()[]{}?*+-|^$\\.&~# \t\n\r\u000b\f";

    private RegexFilters() {}

    static List<Filter> all() {
        List<Filter> f = new ArrayList<>();
        f.add(new AnsibleFilters.Named("regex_replace", (v, a, i) -> PyRegex.compile(a.string(0, "pattern", ""), flags(a.bool(2, "ignorecase", false), a.bool(3, "multiline", false)))
                .sub(Python.str(v), a.string(1, "replacement", ""), a.integer(4, "count", 0))));
        f.add(new AnsibleFilters.Named("regex_search", RegexFilters::regexSearch));
        f.add(new AnsibleFilters.Named("regex_findall", (v, a, i) -> PyRegex.compile(a.string(0, "regex", ""), flags(a.bool(2, "ignorecase", false), a.bool(1, "multiline", false)))
                .findall(Python.str(v))));
        f.add(new AnsibleFilters.Named("regex_escape", (v, a, i) -> escape(Python.str(v))));
        return f;
    }

    /** The {@code re} flags of Ansible's {@code ignorecase} and {@code multiline} arguments. */
    static int flags(boolean ignoreCase, boolean multiline) {
        return (ignoreCase ? PyRegex.IGNORECASE : 0) | (multiline ? PyRegex.MULTILINE : 0);
    }

    /** Python 3.7+'s {@code re.escape}: a backslash before the characters special to {@code re} only. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (SPECIAL.indexOf(c) >= 0) out.append('\\');
            out.append(c);
        }
        return out.toString();
    }

    private static Object regexSearch(Object v, AnsibleFilters.Args a, JinjavaInterpreter i) {
        String regex = a.string(0, "regex", "");
        boolean ignoreCase = Python.pyTruthy(a.named().get("ignorecase"));
        boolean multiline = Python.pyTruthy(a.named().get("multiline"));
        PyRegex re = PyRegex.compile(regex, flags(ignoreCase, multiline));
        Matcher m = re.pattern().matcher(Python.str(v));
        if (!m.find()) return null;
        if (a.size() <= 1) return m.group();
        List<Object> groups = new ArrayList<>();
        for (int k = 1; k < a.size(); k++) {
            String ref = Python.str(a.positional()[k]);
            Matcher g = Pattern.compile("^\\\\(?:g<(\\w+)>|(\\d+))$").matcher(ref);
            if (!g.matches()) throw new IllegalArgumentException("unknown argument '" + ref + "'");
            groups.add(re.group(m, g.group(1) != null ? g.group(1) : g.group(2)));
        }
        return groups;
    }
}
