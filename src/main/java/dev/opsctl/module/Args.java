package dev.opsctl.module;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A task's rendered module arguments with typed, Ansible-compatible readers. Errors name the argument. */
public record Args(String module, Map<String, Object> values) {
    public boolean has(String name) {
        return values.containsKey(name) && values.get(name) != null;
    }

    public Object raw(String name) {
        return values.get(name);
    }

    /** The first of {@code names} that is set (an argument and its aliases), or null. */
    public String string(String... names) {
        for (String n : names) {
            Object v = values.get(n);
            if (v != null) return v instanceof String s ? s : String.valueOf(v);
        }
        return null;
    }

    public String requiredString(String... names) {
        String v = string(names);
        if (v == null || v.isEmpty()) throw new ArgException("missing required argument '" + names[0] + "'");
        return v;
    }

    /** A boolean as Ansible reads one: yes/no, true/false, on/off, 1/0. */
    public boolean bool(String name, boolean fallback) {
        Object v = values.get(name);
        if (v == null) return fallback;
        Boolean b = toBool(v);
        if (b == null) throw new ArgException("argument '" + name + "' must be a boolean, not '" + v + "'");
        return b;
    }

    public static Boolean toBool(Object v) {
        if (v instanceof Boolean b) return b;
        if (v instanceof Number n) return n.intValue() != 0;
        return switch (String.valueOf(v).trim().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on", "1", "y", "t" -> true;
            case "no", "false", "off", "0", "n", "f", "" -> false;
            default -> null;
        };
    }

    /** One of {@code choices}, or {@code fallback} when unset. */
    public String choice(String name, String fallback, String... choices) {
        String v = string(name);
        if (v == null) return fallback;
        for (String c : choices) if (c.equals(v)) return v;
        throw new ArgException("argument '" + name + "' must be one of " + String.join(", ", choices) + ", not '" + v + "'");
    }

    /** A list: a YAML list, or a comma-separated string, as Ansible accepts. */
    public List<String> list(String... names) {
        for (String n : names) {
            Object v = values.get(n);
            if (v == null) continue;
            List<String> out = new ArrayList<>();
            if (v instanceof List<?> l) {
                for (Object o : l) out.add(String.valueOf(o));
            } else {
                for (String s : String.valueOf(v).split(",")) if (!s.isBlank()) out.add(s.trim());
            }
            return out;
        }
        return null;
    }

    /**
     * A file mode as Ansible reads it: an unquoted YAML integer is the octal digits' value already
     * (YAML 1.1 reads {@code 0644} as 420), a string is octal digits ({@code "0644"}, {@code "644"}),
     * or symbolic ({@code "u=rw,g=r,o=r"}, {@code "u+x"}) resolved against {@code current}. Returns null when unset.
     */
    public Integer mode(String name, Integer current, boolean directory) {
        Object v = values.get(name);
        if (v == null) return null;
        if (v instanceof Number n) return n.intValue();
        String s = String.valueOf(v).trim();
        if (s.matches("0?[0-7]{3,4}")) return Integer.parseInt(s, 8);
        if (s.matches("0o[0-7]{3,4}")) return Integer.parseInt(s.substring(2), 8);
        try {
            return SymbolicMode.apply(s, current == null ? 0 : current, directory);
        } catch (IllegalArgumentException e) {
            throw new ArgException("argument '" + name + "': invalid mode '" + s + "'");
        }
    }
}
