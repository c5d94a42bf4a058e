package dev.opsctl.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ansible's {@code version} test with LooseVersion ordering: numeric parts numerically, others as text. */
final class Versions {
    private static final Pattern PART = Pattern.compile("\\d+|[a-zA-Z]+");

    private Versions() {}

    static boolean compare(String left, String right, String operator) {
        int c = compare(parts(left), parts(right));
        return switch (operator) {
            case "<", "lt" -> c < 0;
            case "<=", "le" -> c <= 0;
            case ">", "gt" -> c > 0;
            case ">=", "ge" -> c >= 0;
            case "==", "=", "eq" -> c == 0;
            case "!=", "<>", "ne" -> c != 0;
            default -> throw new IllegalArgumentException("invalid version operator '" + operator + "'");
        };
    }

    private static List<Object> parts(String v) {
        List<Object> out = new ArrayList<>();
        Matcher m = PART.matcher(v);
        while (m.find()) {
            String p = m.group();
            out.add(Character.isDigit(p.charAt(0)) ? (Object) new java.math.BigInteger(p) : p);
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(List<Object> a, List<Object> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int c = x.getClass() == y.getClass() ? ((Comparable) x).compareTo(y) : (x instanceof String ? 1 : -1);
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }
}
