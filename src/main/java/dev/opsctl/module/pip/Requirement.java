package dev.opsctl.module.pip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One package of pip's {@code name}: its canonical name (PEP 503) and version specifiers ({@code >=1.2,<2}), and
 * whether an installed version satisfies them, as pip.py's {@code Package.is_satisfied_by} asks. A name pip.py cannot
 * read as a package (a path, a URL, a VCS link) is null from {@link #parse}.
 */
record Requirement(String text, String name, List<String[]> specifiers) {
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)(\\[[^\\]]*\\])?\\s*(.*)");
    private static final Pattern SPEC = Pattern.compile("(~=|===|==|!=|<=|>=|<|>)\\s*([^\\s,;]+)");

    static Requirement parse(String text) {
        String t = text.strip();
        if (t.contains("/") || t.contains(":") || t.endsWith(".whl") || t.endsWith(".tar.gz") || t.endsWith(".zip")) return null;
        Matcher m = NAME.matcher(t);
        if (!m.matches()) return null;
        List<String[]> specs = new ArrayList<>();
        String rest = m.group(3).strip();
        if (!rest.isEmpty()) {
            for (String part : rest.split(",")) {
                Matcher s = SPEC.matcher(part.strip());
                if (!s.matches()) return null;
                specs.add(new String[] {s.group(1), s.group(2)});
            }
        }
        return new Requirement(t, canonical(m.group(1)), specs);
    }

    /** pip.py's {@code Package(name, version)}: a bare version means {@code ==}, one starting with an operator is kept. */
    static String withVersion(String name, String version) {
        String v = version.strip();
        return "<>!=~".indexOf(v.charAt(0)) >= 0 ? name + v : name + "==" + v;
    }

    static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    boolean hasVersion() {
        return !specifiers.isEmpty();
    }

    /** The version an exact {@code ==} pins, or null. */
    String pinned() {
        for (String[] s : specifiers) if (s[0].equals("==") && !s[1].endsWith("*")) return s[1];
        return null;
    }

    boolean satisfiedBy(String installed) {
        for (String[] s : specifiers) {
            String op = s[0];
            String want = s[1];
            boolean ok = switch (op) {
                case "==", "===" -> want.endsWith(".*") ? prefixMatch(installed, want.substring(0, want.length() - 2)) : compare(installed, want) == 0;
                case "!=" -> want.endsWith(".*") ? !prefixMatch(installed, want.substring(0, want.length() - 2)) : compare(installed, want) != 0;
                case ">=" -> compare(installed, want) >= 0;
                case "<=" -> compare(installed, want) <= 0;
                case ">" -> compare(installed, want) > 0;
                case "<" -> compare(installed, want) < 0;
                case "~=" -> compare(installed, want) >= 0 && prefixMatch(installed, want.contains(".") ? want.substring(0, want.lastIndexOf('.')) : want);
                default -> false;
            };
            if (!ok) return false;
        }
        return true;
    }

    private static boolean prefixMatch(String installed, String prefix) {
        List<Integer> a = release(installed);
        List<Integer> p = release(prefix);
        for (int i = 0; i < p.size(); i++) if (!p.get(i).equals(i < a.size() ? a.get(i) : 0)) return false;
        return true;
    }

    /** Compares release segments numerically; a pre-release suffix (1.0rc1) sorts before its release. */
    static int compare(String a, String b) {
        List<Integer> x = release(a);
        List<Integer> y = release(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            int c = Integer.compare(i < x.size() ? x.get(i) : 0, i < y.size() ? y.get(i) : 0);
            if (c != 0) return c;
        }
        boolean preA = suffix(a).matches("(a|b|rc|alpha|beta|c|pre|preview|dev).*");
        boolean preB = suffix(b).matches("(a|b|rc|alpha|beta|c|pre|preview|dev).*");
        if (preA != preB) return preA ? -1 : 1;
        return suffix(a).compareTo(suffix(b));
    }

    private static List<Integer> release(String v) {
        List<Integer> out = new ArrayList<>();
        Matcher m = Pattern.compile("^v?(\\d+(?:\\.\\d+)*)").matcher(v.strip().toLowerCase(Locale.ROOT));
        if (!m.find()) return out;
        for (String p : m.group(1).split("\\.")) out.add(Integer.parseInt(p.length() > 9 ? p.substring(0, 9) : p));
        return out;
    }

    private static String suffix(String v) {
        return v.strip().toLowerCase(Locale.ROOT).replaceFirst("^v?\\d+(?:\\.\\d+)*[.-]?", "");
    }
}
