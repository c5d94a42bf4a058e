package dev.opsctl.python;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python {@code re} patterns and replacement strings on java.util.regex: (?P<name>), \g<name>, \1, \Z. */
public record PyRegex(Pattern pattern, Map<String, String> groupNames) {
    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?P<([A-Za-z_][A-Za-z0-9_]*)>");
    private static final Pattern NAMED_BACKREF = Pattern.compile("\\(\\?P=([A-Za-z_][A-Za-z0-9_]*)\\)");

    public static PyRegex compile(String regex, boolean ignoreCase, boolean multiline) {
        Map<String, String> names = new HashMap<>();
        // Java group names allow only letters and digits; Python's may have underscores
        Matcher m = NAMED_GROUP.matcher(regex);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String javaName = "g" + names.size() + "x" + m.group(1).replaceAll("[^A-Za-z0-9]", "");
            names.put(m.group(1), javaName);
            m.appendReplacement(sb, Matcher.quoteReplacement("(?<" + javaName + ">"));
        }
        m.appendTail(sb);
        String converted = sb.toString();
        Matcher back = NAMED_BACKREF.matcher(converted);
        sb = new StringBuilder();
        while (back.find()) {
            String javaName = names.getOrDefault(back.group(1), back.group(1));
            back.appendReplacement(sb, Matcher.quoteReplacement("\\k<" + javaName + ">"));
        }
        back.appendTail(sb);
        converted = sb.toString().replace("\\Z", "\\z");
        int flags = (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0) | (multiline ? Pattern.MULTILINE : 0);
        return new PyRegex(Pattern.compile(converted, flags), names);
    }

    /** re.sub(pattern, repl, s, count): Python's replacement syntax, \1 and \g<name>. */
    public String sub(String s, String repl, int count) {
        Matcher m = pattern.matcher(s);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        int n = 0;
        while ((count <= 0 || n < count) && m.find()) {
            sb.append(s, last, m.start()).append(expand(repl, m));
            last = m.end();
            n++;
        }
        return sb.append(s.substring(last)).toString();
    }

    /** The template with Python's escapes: \1..\99, \g<1>, \g<name>, \n, \t, \\. */
    public String expand(String template, Matcher m) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '\\' || i + 1 >= template.length()) {
                sb.append(c);
                continue;
            }
            char n = template.charAt(++i);
            if (Character.isDigit(n)) {
                int j = i + 1;
                if (j < template.length() && Character.isDigit(template.charAt(j)) && Integer.parseInt(template.substring(i, j + 1)) <= m.groupCount()) j++;
                sb.append(nullToEmpty(m.group(Integer.parseInt(template.substring(i, j)))));
                i = j - 1;
            } else if (n == 'g' && i + 1 < template.length() && template.charAt(i + 1) == '<') {
                int close = template.indexOf('>', i);
                if (close < 0) throw new IllegalArgumentException("missing '>' in group reference of '" + template + "'");
                sb.append(nullToEmpty(group(m, template.substring(i + 2, close))));
                i = close;
            } else {
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'f' -> sb.append('\f');
                    case 'a' -> sb.append('\u0007');
                    case 'v' -> sb.append('\u000b');
                    case '\\' -> sb.append('\\');
                    default -> sb.append('\\').append(n);
                }
            }
        }
        return sb.toString();
    }

    public String group(Matcher m, String ref) {
        if (ref.chars().allMatch(Character::isDigit)) return m.group(Integer.parseInt(ref));
        return m.group(groupNames.getOrDefault(ref, ref));
    }

    /** re.findall: whole matches, the single group, or a list of the groups. */
    public List<Object> findall(String s) {
        List<Object> out = new ArrayList<>();
        Matcher m = pattern.matcher(s);
        while (m.find()) {
            if (m.groupCount() == 0) out.add(m.group());
            else if (m.groupCount() == 1) out.add(nullToEmpty(m.group(1)));
            else {
                List<Object> groups = new ArrayList<>();
                for (int g = 1; g <= m.groupCount(); g++) groups.add(nullToEmpty(m.group(g)));
                out.add(groups);
            }
        }
        return out;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
