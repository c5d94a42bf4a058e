package dev.opsctl.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import dev.opsctl.diag.Source;
import dev.opsctl.python.Python;
import dev.opsctl.python.Undefined;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One call into the Templater: the variables, lazily rendered variables, the recursion guard and the first failure. */
final class Rendering {
    private final Map<String, Object> vars;
    private final Source at;
    private final Map<String, Object> resolved = new HashMap<>();
    private final Set<String> resolving = new LinkedHashSet<>();
    private TemplateException failure;

    Rendering(Map<String, Object> vars, Source at) {
        this.vars = vars == null ? Map.of() : vars;
        this.at = at == null ? Source.UNKNOWN : at;
    }

    Map<String, Object> variables() {
        return vars;
    }

    boolean has(String name) {
        return vars.containsKey(name) && !name.equals(Data.NAMES);
    }

    /** A variable's value, its templates rendered on first use, as Ansible does with vars that hold "{{ }}". */
    Object variable(String name) {
        if (resolved.containsKey(name)) return resolved.get(name);
        Object raw = vars.get(name);
        // Data (a host's answer, a rendering's result) is never a template: its "{{ }}" is text.
        if (!Templater.hasTemplate(raw) || Data.names(vars).contains(name)) {
            resolved.put(name, raw);
            return raw;
        }
        if (!resolving.add(name)) {
            throw fail(new TemplateException("recursive loop detected in template for '" + name + "'", at));
        }
        try {
            Object value = render(raw);
            resolved.put(name, value);
            return value;
        } catch (TemplateException e) {
            throw fail(e);
        } finally {
            resolving.remove(name);
        }
    }

    /** Keeps the first failure: Jinjava turns exceptions thrown from lookups into soft errors, the caller rethrows this. */
    TemplateException fail(TemplateException e) {
        if (failure == null) failure = e;
        return e;
    }

    Object render(Object value) {
        if (!Templater.hasTemplate(value)) return value;
        if (value instanceof String s) return renderString(s);
        if (value instanceof Map<?, ?> m) {
            // Entries that are data (another host's facts and set_fact values in hostvars) stay as they are.
            Set<String> data = Data.dataEntries(m);
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(render(k), data.contains(k) ? v : render(v)));
            return out;
        }
        List<?> l = (List<?>) value;
        List<Object> out = new ArrayList<>(l.size());
        for (Object o : l) out.add(render(o));
        return out;
    }

    /** A string that is exactly one {{ expression }} yields the expression's value; other strings yield text. */
    Object renderString(String s) {
        String expr = singleExpression(s);
        if (expr != null) return evaluate(expr, s, true);
        return renderText(s, s, true);
    }

    /** Only a string that is exactly one expression keeps its native type; "{{ x }}\n" is text, as in Ansible. */
    private static String singleExpression(String s) {
        String t = s;
        if (!t.startsWith("{{") || !t.endsWith("}}")) return null;
        List<Expressions.Region> regions = Expressions.regions(t);
        if (regions.size() != 1 || regions.get(0).tag() || regions.get(0).end() != t.length() - 2) return null;
        String inner = t.substring(2, t.length() - 2);
        if (inner.startsWith("-") || inner.endsWith("-")) inner = inner.replaceAll("^-|-$", "");
        return inner.isBlank() ? null : inner;
    }

    /**
     * Renders text as Ansible's templar does: Jinja drops one trailing newline of the source (keep_trailing_newline
     * is off, so trim_blocks cannot eat it after a final tag), then Ansible adds back any trailing newlines lost.
     */
    String renderText(String template, String shown, boolean playbookString) {
        int sourceNewlines = trailingNewlines(template);
        String source = sourceNewlines > 0 ? template.substring(0, template.length() - 1) : template;
        String out = renderJinja(source, shown, playbookString);
        int missing = sourceNewlines - trailingNewlines(out);
        return missing > 0 ? out + "\n".repeat(missing) : out;
    }

    private static int trailingNewlines(String s) {
        int n = 0;
        while (n < s.length() && s.charAt(s.length() - 1 - n) == '\n') n++;
        return n;
    }

    private String renderJinja(String template, String shown, boolean playbookString) {
        checkNames(template, true, shown);
        Evaluation ev = new Evaluation(Engine.get(), this);
        String out;
        JinjavaInterpreter.pushCurrent(ev);
        try {
            out = ev.render(Expressions.prepareTemplate(template, playbookString));
        } catch (TemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TemplateException("template error: " + message(e) + " in " + quoted(shown), at, e);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        check(ev, shown);
        return out;
    }

    /**
     * Evaluates a bare expression to its native value (list, map, number, bool, string, null); {@code rawStrings} for
     * the inside of a playbook string's {{ }} (see {@link Expressions#prepareTemplate}).
     */
    Object evaluate(String expression, String shown, boolean rawStrings) {
        checkNames(expression, false, shown);
        Evaluation ev = new Evaluation(Engine.get(), this);
        Object value;
        JinjavaInterpreter.pushCurrent(ev);
        try {
            value = ev.resolveELExpression(Expressions.prepareExpression(expression, rawStrings), 1);
        } catch (TemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TemplateException("template error: " + message(e) + " in " + quoted(shown), at, e);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        check(ev, shown);
        if (value instanceof Undefined u) throw new UndefinedVariableException(u.name(), at);
        return Python.plain(value);
    }

    /** Jinjava quietly yields null for an unknown filter or test; Jinja (and Ansible) fail, so do we. */
    private void checkNames(String text, boolean template, String shown) {
        Engine engine = Engine.get();
        String unknown = Expressions.unknownName(text, template, engine.filterNames(), engine.testNames());
        if (unknown != null) throw new TemplateException("template error: " + unknown + " in " + quoted(shown), at);
    }

    private void check(Evaluation ev, String shown) {
        if (failure != null) throw failure;
        Evaluation.Miss miss = ev.firstMiss();
        if (miss != null) throw new UndefinedVariableException(miss.variable(), miss.message() + " in " + quoted(shown), at);
        for (TemplateError error : ev.getErrors()) {
            if (isFatal(error)) {
                String where = error.getLineno() > 1 ? " (template line " + error.getLineno() + ")" : "";
                throw new TemplateException("template error: " + describe(error) + " in " + quoted(shown) + where, at);
            }
        }
    }

    private static boolean isFatal(TemplateError error) {
        if (error.getSeverity() == TemplateError.ErrorType.FATAL) return true;
        // a missing attribute is reported (or forgiven) through Evaluation's misses; other warnings are real errors
        return error.getItem() != TemplateError.ErrorItem.PROPERTY;
    }

    private static String describe(TemplateError error) {
        String m = error.getMessage() == null ? error.getReason().toString() : error.getMessage();
        if (m.equals("Unclosed token")) return "unexpected end of template, unclosed '{{' or '{%'";
        if (error.getItem() == TemplateError.ErrorItem.FILTER && error.getFieldName() != null) return "no filter named '" + error.getFieldName() + "'";
        return m;
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String quoted(String shown) {
        String s = shown.length() > 200 ? shown.substring(0, 200) + "..." : shown;
        return "'" + s + "'";
    }

    Source at() {
        return at;
    }
}
