package dev.opsctl.template;

import dev.opsctl.diag.Source;
import dev.opsctl.python.Python;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ansible-style templating over Jinjava: {{ }} strings, template files, {@code when:} expressions.
 * Thread-safe; one instance serves all hosts. Jinjava is loaded on the first string that needs it.
 */
public final class Templater {

    public Templater() {}

    /**
     * Renders every string inside value (Strings, Lists, Maps recursively, map keys too; other types as is).
     * A string that is exactly one "{{ expr }}" yields the expression's native value; other strings yield strings.
     */
    public Object render(Object value, Map<String, Object> vars, Source at) {
        if (!hasTemplate(value)) return value;
        return new Rendering(vars, at).render(value);
    }

    /** Renders a template file as Ansible's template module does: trim_blocks, no lstrip_blocks, "\n", trailing newline kept. */
    public String renderFile(String templateText, Map<String, Object> vars, Source at) {
        String text = templateText.indexOf('\r') >= 0 ? templateText.replace("\r\n", "\n").replace('\r', '\n') : templateText;
        if (!isTemplate(text)) return text;
        return new Rendering(vars, at).renderText(text, text, false);
    }

    /** Evaluates a bare expression ({@code when:}, {@code that:}, {@code changed_when:}); Booleans pass through. */
    public Object evaluate(String expression, Map<String, Object> vars, Source at) {
        if (expression == null) return null;
        Rendering rendering = new Rendering(vars, at);
        // Ansible accepts (with a warning) conditionals written with delimiters: when: "{{ x }}"
        if (isTemplate(expression)) return rendering.render(expression);
        if (expression.isBlank()) throw new TemplateException("empty expression", at);
        return rendering.evaluate(expression, expression, false);
    }

    /** Like {@link #evaluate}, then Ansible truthiness: "yes"/"true" true, "no"/"false"/"" false, numbers != 0, non-empty collections. */
    public boolean isTrue(Object expressionOrValue, Map<String, Object> vars, Source at) {
        if (expressionOrValue instanceof String s) return Python.truthy(evaluate(s, vars, at));
        return Python.truthy(expressionOrValue);
    }

    /** A {@code with_X} loop's items: {@code terms} rendered, then given to lookup {@code name} as Ansible does. */
    public List<Object> loopLookup(String name, Object terms, Map<String, Object> vars, Source at) {
        Rendering rendering = new Rendering(vars, at);
        Object rendered = rendering.render(terms);
        List<Object> args = rendered instanceof List<?> l && !name.equals("dict") ? new java.util.ArrayList<>(l) : new java.util.ArrayList<>(java.util.Collections.singletonList(rendered));
        return Lookups.run(name, args, Map.of(), rendering);
    }

    /** Names of the top-level variables a template or bare expression reads (best effort; loop and set targets excluded). */
    public Set<String> referencedVariables(String templateOrExpression) {
        if (templateOrExpression == null || templateOrExpression.isEmpty()) return Set.of();
        return Expressions.referencedVariables(templateOrExpression);
    }

    // The fast path lives here, not in Rendering: deciding that nothing needs templating must not load Jinjava.
    static boolean hasTemplate(Object value) {
        if (value instanceof String s) return isTemplate(s);
        if (Data.is(value)) return false;
        if (value instanceof Map<?, ?> m) {
            Set<String> data = Data.dataEntries(m);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (data.contains(e.getKey())) continue;
                if (hasTemplate(e.getKey()) || hasTemplate(e.getValue())) return true;
            }
            return false;
        }
        if (value instanceof List<?> l) {
            for (Object o : l) if (hasTemplate(o)) return true;
        }
        return false;
    }

    static boolean isTemplate(String s) {
        return s.contains("{{") || s.contains("{%") || s.contains("{#");
    }
}
