package dev.opsctl.template;

import dev.opsctl.python.Python;
import dev.opsctl.python.Undefined;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Text-level work on Jinja source: finds the {{ }} and {% %} regions, marks operands of
 * {@code default}/{@code d}/{@code mandatory} and {@code is defined}/{@code is undefined} so that a missing
 * variable there is not an error, and lists the variables an expression reads.
 */
final class Expressions {
    static final String MARK = "_opsctl_mark";
    static final String GUARD = "_opsctl_guard";
    static final String STRICT = "_opsctl_strict";

    private static final java.util.regex.Pattern D_FILTER = java.util.regex.Pattern.compile("\\|\\s*d\\b");
    private static final Set<String> GUARD_FILTERS = Set.of("default", "d", "mandatory");
    private static final Set<String> GUARD_TESTS = Set.of("defined", "undefined");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "is", "if", "else", "true", "false", "none",
            "True", "False", "None", "null");
    // names Jinja or Ansible provide inside a template, never inventory or play variables
    private static final Set<String> BUILTINS = Set.of("loop", "super", "caller", "varargs", "kwargs", "omit");

    private Expressions() {}

    enum Kind { SPACE, STRING, NUMBER, NAME, PUNCT }

    record Token(Kind kind, String text, int start, int end) {
        boolean is(String s) {
            return text.equals(s) && kind != Kind.STRING;
        }
    }

    /** A {{ }} or {% %} region of a template: its inner expression text between start and end. */
    record Region(boolean tag, int start, int end) {}

    static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int j = i + 1;
            Kind kind;
            if (Character.isWhitespace(c)) {
                while (j < s.length() && Character.isWhitespace(s.charAt(j))) j++;
                kind = Kind.SPACE;
            } else if (c == '\'' || c == '"') {
                while (j < s.length() && s.charAt(j) != c) j += s.charAt(j) == '\\' ? 2 : 1;
                j = Math.min(j + 1, s.length());
                kind = Kind.STRING;
            } else if (Character.isDigit(c)) {
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.' || s.charAt(j) == '_')) j++;
                kind = Kind.NUMBER;
            } else if (Character.isLetter(c) || c == '_') {
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
                kind = Kind.NAME;
            } else {
                kind = Kind.PUNCT;
            }
            out.add(new Token(kind, s.substring(i, j), i, j));
            i = j;
        }
        return out;
    }

    /** The {{ }} and {% %} regions of a template, skipping comments and {% raw %} blocks. */
    static List<Region> regions(String template) {
        List<Region> out = new ArrayList<>();
        int i = 0;
        while (true) {
            int open = template.indexOf('{', i);
            if (open < 0 || open + 1 >= template.length()) return out;
            char k = template.charAt(open + 1);
            if (k == '#') {
                int close = template.indexOf("#}", open + 2);
                if (close < 0) return out;
                i = close + 2;
                continue;
            }
            if (k != '{' && k != '%') {
                i = open + 1;
                continue;
            }
            String closer = k == '{' ? "}}" : "%}";
            int close = findClose(template, open + 2, closer);
            if (close < 0) return out;
            out.add(new Region(k == '%', open + 2, close));
            i = close + 2;
            if (k == '%' && isRawTag(template.substring(open + 2, close))) {
                int end = template.indexOf("endraw", i);
                if (end < 0) return out;
                int endClose = template.indexOf("%}", end);
                if (endClose < 0) return out;
                i = endClose + 2;
            }
        }
    }

    private static boolean isRawTag(String inner) {
        return inner.replaceAll("^[-+]|[-+]$", "").trim().equals("raw");
    }

    /** Index of the closing delimiter, skipping string literals and balanced braces ({{ {'a': {'b': 1}} }} is one expression). */
    private static int findClose(String s, int from, String closer) {
        int i = from;
        int depth = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) j += s.charAt(j) == '\\' ? 2 : 1;
                i = j + 1;
            } else if (depth == 0 && s.startsWith(closer, i)) {
                return i;
            } else {
                if (c == '{') depth++;
                else if (c == '}' && depth > 0) depth--;
                i++;
            }
        }
        return -1;
    }

    /**
     * Every expression of the template prepared for Jinjava: see {@link #prepareExpression}. In a playbook's string
     * ({@code playbookString}) the string literals of its {{ }} expressions are read raw, backslashes and all: Ansible
     * doubles their backslashes before Jinja reads them (template/__init__.py _escape_backslashes), so that
     * {@code regex_replace('^v(\\d+)', '\\1')} means what it says; {% %} tags and template files keep Python's escapes.
     */
    static String prepareTemplate(String template, boolean playbookString) {
        List<Region> regions = regions(template);
        if (regions.isEmpty()) return template;
        StringBuilder sb = new StringBuilder(template.length() + 64);
        int last = 0;
        for (Region r : regions) {
            sb.append(template, last, r.start()).append(prepareExpression(template.substring(r.start(), r.end()), playbookString && !r.tag()));
            last = r.end();
        }
        return sb.append(template.substring(last)).toString();
    }

    /** Python string escapes made JUEL's ({@code rawStrings}: literals taken as written), then guarded operands wrapped. */
    static String prepareExpression(String expr, boolean rawStrings) {
        if (DOT_INDEX.matcher(expr).find()) expr = numericAttributes(expr);
        String guarded = guardExpression(expr.indexOf('\\') >= 0 ? juelStrings(expr, rawStrings) : expr);
        return guarded.contains("}}") ? separateBraces(guarded) : guarded;
    }

    private static final java.util.regex.Pattern DOT_INDEX = java.util.regex.Pattern.compile("[\\w)\\]]\\.\\d");

    /** Jinja reads {@code item.0} as {@code item[0]} (with_together, with_subelements); JUEL needs the brackets. */
    static String numericAttributes(String expr) {
        StringBuilder sb = new StringBuilder(expr.length() + 8);
        List<Token> t = tokenize(expr);
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            boolean afterValue = i >= 2 && t.get(i - 1).is(".")
                    && (t.get(i - 2).kind() == Kind.NAME || t.get(i - 2).is(")") || t.get(i - 2).is("]"));
            if (afterValue && tok.kind() == Kind.NUMBER) {
                sb.setLength(sb.length() - 1); // the "."
                String[] parts = tok.text().split("\\.", -1);
                for (String part : parts) {
                    if (part.matches("\\d+")) sb.append('[').append(part).append(']');
                    else sb.append('.').append(part);
                }
            } else {
                sb.append(tok.text());
            }
        }
        return sb.toString();
    }

    /** "}}" closing nested dict literals would end Jinjava's expression early; "} }" means the same. */
    private static String separateBraces(String expr) {
        StringBuilder sb = new StringBuilder(expr.length() + 4);
        Token previous = null;
        for (Token t : tokenize(expr)) {
            if (previous != null && previous.is("}") && t.is("}")) sb.append(' ');
            sb.append(t.text());
            previous = t;
        }
        return sb.toString();
    }

    /**
     * Jinja reads string literals with Python's escapes ('\\d' stays backslash-d, '\\n' is a newline);
     * JUEL accepts only the escapes backslash-backslash and backslash-quote, so each literal is decoded the Python way and re-encoded.
     */
    static String juelStrings(String expr, boolean raw) {
        StringBuilder sb = new StringBuilder(expr.length() + 8);
        for (Token t : tokenize(expr)) {
            if (t.kind() != Kind.STRING || t.text().length() < 2 || t.text().indexOf('\\') < 0) {
                sb.append(t.text());
                continue;
            }
            char q = t.text().charAt(0);
            String content = t.text().substring(1, t.text().length() - 1);
            String decoded = raw ? content : pythonUnescape(content);
            sb.append(q).append(decoded.replace("\\", "\\\\").replace(String.valueOf(q), "\\" + q)).append(q);
        }
        return sb.toString();
    }

    private static String pythonUnescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case '\\', '\'', '"' -> sb.append(n);
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case '\n' -> { }
                case 'x' -> {
                    if (i + 2 < s.length() && s.substring(i + 1, Math.min(i + 3, s.length())).matches("[0-9a-fA-F]{2}")) {
                        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                        i += 2;
                    } else {
                        sb.append('\\').append(n);
                    }
                }
                case 'u' -> {
                    if (i + 4 < s.length() && s.substring(i + 1, i + 5).matches("[0-9a-fA-F]{4}")) {
                        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    } else {
                        sb.append('\\').append(n);
                    }
                }
                default -> {
                    if (n >= '0' && n <= '7') {
                        int j = i;
                        while (j < s.length() && j < i + 3 && s.charAt(j) >= '0' && s.charAt(j) <= '7') j++;
                        sb.append((char) Integer.parseInt(s.substring(i, j), 8));
                        i = j - 1;
                    } else {
                        sb.append('\\').append(n); // Python keeps unknown escapes such as \\d as they are
                    }
                }
            }
        }
        return sb.toString();
    }

    /** The first filter or test name used in the template or expression that is not known, or null. */
    static String unknownName(String text, boolean template, Set<String> filters, Set<String> tests) {
        if (template) {
            for (Region r : regions(text)) {
                String u = unknownName(text.substring(r.start(), r.end()), false, filters, tests);
                if (u != null) return u;
            }
            return null;
        }
        if (text.indexOf('|') < 0 && !text.contains(" is ")) return null;
        List<Token> t = tokenize(text);
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).is("|")) {
                int n = next(t, i);
                if (n >= 0 && t.get(n).kind() == Kind.NAME && !filters.contains(t.get(n).text())) return "no filter named '" + t.get(n).text() + "'";
            } else if (t.get(i).kind() == Kind.NAME && t.get(i).text().equals("is")) {
                int n = next(t, i);
                if (n >= 0 && t.get(n).is("not")) n = next(t, n);
                if (n >= 0 && t.get(n).kind() == Kind.NAME && !tests.contains(t.get(n).text())) return "no test named '" + t.get(n).text() + "'";
            }
        }
        return null;
    }

    /**
     * Wraps the operand of {@code | default}, {@code | d}, {@code | mandatory}, {@code is [not] defined} and
     * {@code is [not] undefined} as {@code _opsctl_guard(_opsctl_mark(), operand)}: the mark notes how many
     * lookups had missed before the operand, the guard forgives the misses made inside it and hands the
     * filter or test an {@link Undefined} instead of null. Misses anywhere else stay errors.
     */
    static String guardExpression(String expr) {
        if (!expr.contains("default") && !expr.contains("defined") && !expr.contains("mandatory") && !D_FILTER.matcher(expr).find()) {
            return expr;
        }
        List<Token> t = tokenize(expr);
        List<int[]> wraps = new ArrayList<>();
        List<int[]> keys = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            int operandEnd = -1;
            if (tok.is("|")) {
                int n = next(t, i);
                if (n >= 0 && t.get(n).kind() == Kind.NAME && GUARD_FILTERS.contains(t.get(n).text())) operandEnd = prev(t, i);
                if (operandEnd >= 0 && !t.get(n).text().equals("mandatory")) defaultArgument(t, n, wraps, keys);
            } else if (tok.kind() == Kind.NAME && tok.text().equals("is")) {
                int n = next(t, i);
                if (n >= 0 && t.get(n).is("not")) n = next(t, n);
                if (n >= 0 && t.get(n).kind() == Kind.NAME && GUARD_TESTS.contains(t.get(n).text())) operandEnd = prev(t, i);
            }
            if (operandEnd < 0) continue;
            int operandStart = operandStart(t, operandEnd);
            if (operandStart < 0) continue;
            int before = prev(t, operandStart);
            // "x | lower | default(..)": the operand is a filter, whose input is not guarded (Ansible fails there too)
            if (before >= 0 && (t.get(before).is("|") || t.get(before).is("is"))) continue;
            wraps.add(new int[] {t.get(operandStart).start(), t.get(operandEnd).end()});
            subscriptKeys(t, operandStart, operandEnd, keys);
        }
        if (wraps.isEmpty()) return expr;
        List<int[]> inserts = new ArrayList<>();
        for (int[] w : wraps) {
            inserts.add(new int[] {w[0], 0});
            inserts.add(new int[] {w[1], 1});
        }
        for (int[] k : keys) {
            inserts.add(new int[] {k[0], 2});
            inserts.add(new int[] {k[1], 1});
        }
        // apply from the end; at one position closers go before openers, so nested wraps stay balanced
        inserts.sort((a, b) -> a[0] != b[0] ? Integer.compare(b[0], a[0]) : Integer.compare(a[1], b[1]));
        StringBuilder sb = new StringBuilder(expr);
        // a strict opener (2) is applied last at its position, so it encloses a guard opening there too
        for (int[] ins : inserts) sb.insert(ins[0], ins[1] == 0 ? GUARD + "(" + MARK + "(), " : ins[1] == 2 ? STRICT + "(" + MARK + "(), " : ")");
        return sb.toString();
    }

    /**
     * The first argument of {@code default(...)} at token {@code name}: in Ansible an undefined argument is no error
     * there, it is the filter's (undefined) result, which a later {@code default} or {@code is defined} may still take
     * (robertdebock.logrotate: {@code a[os][ver] | default(a[os]['default']) | default(a['default'])}); shown or used
     * by anything else, it fails as an undefined variable.
     */
    private static void defaultArgument(List<Token> t, int name, List<int[]> wraps, List<int[]> keys) {
        int open = next(t, name);
        if (open < 0 || !t.get(open).is("(")) return;
        int close = matchClose(t, open);
        if (close < 0) return;
        int depth = 0;
        int end = close;
        for (int k = open + 1; k < close; k++) {
            Token tok = t.get(k);
            if (tok.is("(") || tok.is("[") || tok.is("{")) depth++;
            else if (tok.is(")") || tok.is("]") || tok.is("}")) depth--;
            else if (depth == 0 && (tok.is(",") || tok.is("="))) {
                // a keyword argument (default_value=...) or the second one (boolean): only a plain first argument
                end = tok.is(",") ? k : -1;
                break;
            }
        }
        if (end < 0) return;
        int first = next(t, open);
        int last = prev(t, end);
        if (first < 0 || first >= end || last <= open) return;
        if (first == last && t.get(first).kind() != Kind.NAME) return;
        wraps.add(new int[] {t.get(first).start(), t.get(last).end()});
        subscriptKeys(t, first, last, keys);
    }

    /**
     * The keys of subscripts ({@code d[key]}) inside a guarded operand, as text ranges: Ansible forgives an undefined
     * value at the end of the lookup, not an undefined key ({@code d[nope] | default(1)} fails hashing the undefined),
     * so misses there stay errors ({@code _opsctl_strict}). A literal key needs no wrapping.
     */
    private static void subscriptKeys(List<Token> t, int from, int to, List<int[]> into) {
        for (int k = from; k <= to; k++) {
            if (!t.get(k).is("[")) continue;
            int p = prev(t, k);
            boolean subscript = p >= from && (t.get(p).kind() == Kind.NAME || t.get(p).is(")") || t.get(p).is("]"));
            int close = matchClose(t, k);
            if (!subscript || close < 0 || close > to) continue;
            int first = next(t, k);
            if (first == close || next(t, first) == close && (t.get(first).kind() == Kind.STRING || t.get(first).kind() == Kind.NUMBER)) continue;
            into.add(new int[] {t.get(k).end(), t.get(close).start()});
        }
    }

    private static int matchClose(List<Token> t, int open) {
        int depth = 0;
        for (int i = open; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.is("(") || tok.is("[") || tok.is("{")) depth++;
            else if ((tok.is(")") || tok.is("]") || tok.is("}")) && --depth == 0) return i;
        }
        return -1;
    }

    /** Start token of the postfix chain (name, .attr, [key], (args), or a parenthesised expression) ending at end; -1 if none. */
    private static int operandStart(List<Token> t, int end) {
        int i = end;
        while (i >= 0) {
            Token tok = t.get(i);
            if (tok.is(")") || tok.is("]")) {
                int open = matchOpen(t, i);
                if (open < 0) return -1;
                int p = prev(t, open);
                boolean postfix = p >= 0 && (t.get(p).kind() == Kind.NAME && !KEYWORDS.contains(t.get(p).text())
                        || t.get(p).is(")") || t.get(p).is("]"));
                if (!postfix) return tok.is(")") ? open : -1;
                i = p;
            } else if (tok.kind() == Kind.NAME && !KEYWORDS.contains(tok.text())) {
                int p = prev(t, i);
                if (p >= 0 && t.get(p).is(".")) {
                    i = prev(t, p);
                    if (i < 0) return -1;
                } else {
                    return i;
                }
            } else {
                return -1;
            }
        }
        return -1;
    }

    private static int matchOpen(List<Token> t, int close) {
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            Token tok = t.get(i);
            if (tok.is(")") || tok.is("]") || tok.is("}")) depth++;
            else if (tok.is("(") || tok.is("[") || tok.is("{")) {
                if (--depth == 0) return i;
            }
        }
        return -1;
    }

    private static int next(List<Token> t, int i) {
        for (int j = i + 1; j < t.size(); j++) if (t.get(j).kind() != Kind.SPACE) return j;
        return -1;
    }

    private static int prev(List<Token> t, int i) {
        for (int j = i - 1; j >= 0; j--) if (t.get(j).kind() != Kind.SPACE) return j;
        return -1;
    }

    /** Top-level variable names a template (with {{ }}/{% %}) or a bare expression reads; loop and set targets excluded. */
    static Set<String> referencedVariables(String text) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> local = new LinkedHashSet<>();
        List<Region> regions = regions(text);
        if (regions.isEmpty() && !text.contains("{{") && !text.contains("{%")) {
            collectNames(text, false, names, local);
        } else {
            for (Region r : regions) collectNames(text.substring(r.start(), r.end()), r.tag(), names, local);
        }
        names.removeAll(local);
        return names;
    }

    private static void collectNames(String expr, boolean tag, Set<String> names, Set<String> local) {
        List<Token> t = tokenize(expr);
        int first = next(t, -1);
        if (first >= 0 && (t.get(first).is("-") || t.get(first).is("+"))) first = next(t, first);
        String tagName = tag && first >= 0 ? t.get(first).text() : "";
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.kind() != Kind.NAME || KEYWORDS.contains(tok.text()) || BUILTINS.contains(tok.text())) continue;
            if (tag && i == first) continue;
            int p = prev(t, i);
            int n = next(t, i);
            if (p >= 0 && (t.get(p).is(".") || t.get(p).is("|") || t.get(p).is("is"))) continue;
            if (p >= 0 && t.get(p).is("not") && prev(t, p) >= 0 && t.get(prev(t, p)).is("is")) continue;
            if (n >= 0 && t.get(n).is("(")) continue;
            boolean kwarg = n >= 0 && t.get(n).is("=") && (n + 1 >= t.size() || !t.get(n + 1).is("="));
            if (kwarg && !(tagName.equals("set") && isSetTarget(t, first, i))) continue;
            if (tagName.equals("for") && isForTarget(t, i)) {
                local.add(tok.text());
                continue;
            }
            if (tagName.equals("set") && isSetTarget(t, first, i)) {
                local.add(tok.text());
                continue;
            }
            names.add(tok.text());
        }
    }

    private static boolean isForTarget(List<Token> t, int i) {
        for (int j = i + 1; j < t.size(); j++) {
            if (t.get(j).is("in")) return true;
            if (!(t.get(j).kind() == Kind.SPACE || t.get(j).is(",") || t.get(j).kind() == Kind.NAME)) return false;
        }
        return false;
    }

    private static boolean isSetTarget(List<Token> t, int tagIndex, int i) {
        return next(t, tagIndex) == i;
    }
}
