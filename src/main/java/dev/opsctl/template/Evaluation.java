package dev.opsctl.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import dev.opsctl.python.Python;
import dev.opsctl.python.Undefined;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One Jinjava interpreter per rendered string: resolves variables lazily through its {@link Rendering},
 * records every lookup that missed, and prints values as Python's str() does.
 */
final class Evaluation extends JinjavaInterpreter {
    /** A lookup that found nothing: a top-level name ({@code base == null}) or a key/attribute of base. */
    record Miss(String variable, String message, Object base, Object property) {}

    private static final Set<String> NONE_NAMES = Set.of("none", "None", "null");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Rendering rendering;
    private final List<Miss> misses = new ArrayList<>();
    // misses no default() or "is defined" forgives: an undefined variable used as a subscript key (d[nope])
    private final Set<Miss> unforgivable = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    // names of the maps and lists handed to Jinjava, so a missing key can be reported as "foo.bar"
    private final Map<Object, String> names = new IdentityHashMap<>();
    private int filterDepth;

    Evaluation(Engine engine, Rendering rendering) {
        super(engine.jinjava(), new Context(engine.jinjava().getGlobalContext()), engine.config());
        this.rendering = rendering;
        getContext().setDynamicVariableResolver(this::lookup);
    }

    /** The evaluation running on this thread, if Jinjava is currently working for the Templater. */
    static Evaluation current() {
        return JinjavaInterpreter.getCurrentMaybe().filter(Evaluation.class::isInstance).map(Evaluation.class::cast).orElse(null);
    }

    Rendering rendering() {
        return rendering;
    }

    private Object lookup(String name) {
        if (!rendering.has(name)) {
            if (!NONE_NAMES.contains(name)) missed(new Miss(name, "undefined variable '" + name + "'", null, name));
            return null;
        }
        Object value = rendering.variable(name);
        remember(value, name);
        return value;
    }

    private void remember(Object value, String name) {
        Object v = Python.unwrap(value);
        if (v instanceof Map || v instanceof List) names.put(v, name);
    }

    private void missed(Miss miss) {
        if (filterDepth == 0) misses.add(miss);
    }

    /** Called by {@link MissRecordingResolver} after every attribute or key lookup on a non-null base. */
    void resolved(Object base, Object property, Object value) {
        Object b = Python.unwrap(base);
        // A key a plan cannot know yet fails the rendering even where a miss would be forgiven (default, defined).
        if (b instanceof PartlyKnown p && !p.knows(property)) rendering.fail(p.unknown(property, rendering.at()));
        String baseName = names.get(b);
        String name = baseName == null ? null : baseName + suffix(b instanceof List && String.valueOf(property).matches("-?\\d+") ? (Object) Long.valueOf(String.valueOf(property)) : property);
        if (value != null) {
            if (name != null) remember(value, name);
            return;
        }
        if (present(b, property)) return;
        if (name != null) {
            missed(new Miss(name, "undefined variable '" + name + "'", base, property));
        } else {
            String key = String.valueOf(property);
            missed(new Miss(key, "'" + typeName(b) + " object' has no attribute '" + key + "'", base, property));
        }
    }

    /** A method call on base was looked up as a property first; that was not a miss. */
    void invoked(Object base, Object method) {
        if (misses.isEmpty()) return;
        Miss last = misses.get(misses.size() - 1);
        if (last.base() == base && String.valueOf(last.property()).equals(String.valueOf(method))) misses.remove(misses.size() - 1);
    }

    private static String suffix(Object property) {
        if (property instanceof Number) return "[" + property + "]";
        String p = String.valueOf(property);
        return IDENTIFIER.matcher(p).matches() ? "." + p : "['" + p + "']";
    }

    private static boolean present(Object base, Object property) {
        if (base instanceof Map<?, ?> m) {
            return m.containsKey(property) || m.containsKey(String.valueOf(property)) || property instanceof Number n && m.containsKey(n.intValue());
        }
        if (base instanceof List<?> l) {
            try {
                int i = property instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(property));
                return i < l.size() && i >= -l.size();
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    private static String typeName(Object base) {
        if (base instanceof Map) return "dict";
        if (base instanceof List) return "list";
        if (base instanceof CharSequence) return "str";
        if (base instanceof Boolean) return "bool";
        if (base instanceof Integer || base instanceof Long) return "int";
        if (base instanceof Number) return "float";
        return base.getClass().getSimpleName();
    }

    int missCount() {
        return misses.size();
    }

    /** Forgives the misses made since mark (inside a guarded operand), except in subscript keys; returns the first one's name. */
    String forgiveSince(int mark) {
        String name = misses.get(mark).variable();
        misses.subList(mark, misses.size()).removeIf(m -> !unforgivable.contains(m));
        return name;
    }

    Miss firstMiss() {
        return misses.isEmpty() ? null : misses.get(0);
    }

    /** Filters look up attributes on their own (selectattr, map(attribute=)); those misses are the filter's business. */
    void enterFilter() {
        filterDepth++;
    }

    void exitFilter() {
        filterDepth--;
    }

    @Override
    public String getAsString(Object var) {
        return Python.output(var);
    }

    /** Target of {@code _opsctl_mark()}: how many lookups had missed before a guarded operand. */
    public static long mark() {
        Evaluation e = current();
        return e == null ? 0 : e.missCount();
    }

    /** Target of {@code _opsctl_strict(mark, key)}: the misses inside a subscript key stay errors under a guard. */
    public static Object strict(long mark, Object value) {
        Evaluation e = current();
        if (e != null && value == null) {
            for (int i = (int) mark; i < e.misses.size(); i++) e.unforgivable.add(e.misses.get(i));
        }
        return value;
    }

    /** Target of {@code _opsctl_guard(mark, value)}: a missing operand becomes an {@link Undefined} for default/defined. */
    public static Object guard(long mark, Object value) {
        Evaluation e = current();
        if (e == null || value != null || e.missCount() <= mark) return value;
        return new Undefined(e.forgiveSince((int) mark));
    }
}
