package dev.opsctl.python;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python 3's {@code configparser.ConfigParser()} with its defaults (strict, '=' or ':', full-line '#'/';' comments,
 * indented continuation lines, option names in lower case, {@code [DEFAULT]} inherited by every section, basic
 * {@code %} interpolation): {@link #read} then {@code {section: {option: get(section, option)}}}, as Ansible reads an
 * INI local fact.
 */
public final class PyConfigParser {
    private static final Pattern SECTION = Pattern.compile("\\[(.+)\\]");
    private static final Pattern OPTION = Pattern.compile("(.*?)\\s*([=:])\\s*(.*)$");
    private static final Pattern INTERPOLATE = Pattern.compile("%\\(([^)]+)\\)s");
    private static final String DEFAULT = "DEFAULT";
    private static final int MAX_DEPTH = 10;

    /** What configparser raises: the text is Python's exception class name, enough to tell the user what is wrong. */
    public static final class Error extends Exception {
        public Error(String message) {
            super(message);
        }
    }

    /** An error of {@code get()}, not of reading: raised where a caller that only guards the read does not expect it. */
    public static final class InterpolationError extends Exception {
        public InterpolationError(String message) {
            super(message);
        }
    }

    private PyConfigParser() {}

    /** Every section's options (the defaults included), values interpolated, in the file's order. */
    public static Map<String, Map<String, String>> read(String text) throws Error, InterpolationError {
        Map<String, List<String>> defaults = new LinkedHashMap<>();
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        String section = null;
        String option = null;
        int indent = Integer.MAX_VALUE;
        List<String> added = new ArrayList<>();
        String firstError = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) break;
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            boolean comment = line.strip().startsWith("#") || line.strip().startsWith(";");
            String value = comment ? "" : line.strip();
            if (value.isEmpty()) {
                // empty_lines_in_values: a blank line joins the value being read, a comment line does not.
                if (!comment && current != null && option != null && current.get(option) != null) current.get(option).add("");
                continue;
            }
            int level = 0;
            while (level < line.length() && Character.isWhitespace(line.charAt(level))) level++;
            if (current != null && option != null && level > indent) {
                current.get(option).add(value);
                continue;
            }
            indent = level;
            Matcher header = SECTION.matcher(value);
            if (header.matches()) {
                section = header.group(1);
                if (section.equals(DEFAULT)) {
                    current = defaults;
                } else {
                    if (added.contains("[" + section)) throw new Error("DuplicateSectionError: section '" + section + "' already exists");
                    current = sections.computeIfAbsent(section, k -> new LinkedHashMap<>());
                }
                added.add("[" + section);
                option = null;
            } else if (current == null) {
                throw new Error("MissingSectionHeaderError: File contains no section headers. line: " + (i + 1));
            } else {
                Matcher m = OPTION.matcher(value);
                if (m.matches() && !m.group(1).isEmpty()) {
                    option = m.group(1).stripTrailing().toLowerCase(Locale.ROOT);
                    String key = section + "\u0000" + option;
                    if (added.contains(key)) throw new Error("DuplicateOptionError: option '" + option + "' in section '" + section + "' already exists");
                    added.add(key);
                    List<String> parts = new ArrayList<>();
                    parts.add(m.group(3).strip());
                    current.put(option, parts);
                } else if (firstError == null) {
                    firstError = "ParsingError: line " + (i + 1);
                }
            }
        }
        if (firstError != null) throw new Error(firstError);

        Map<String, String> joinedDefaults = join(defaults);
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, List<String>>> s : sections.entrySet()) {
            Map<String, String> raw = new LinkedHashMap<>(join(s.getValue()));
            joinedDefaults.forEach(raw::putIfAbsent);
            Map<String, String> values = new LinkedHashMap<>();
            for (String name : raw.keySet()) values.put(name, interpolate(raw, raw.get(name), 1));
            out.put(s.getKey(), values);
        }
        return out;
    }

    private static Map<String, String> join(Map<String, List<String>> options) {
        Map<String, String> joined = new LinkedHashMap<>();
        options.forEach((k, v) -> joined.put(k, String.join("\n", v).stripTrailing()));
        return joined;
    }

    /** BasicInterpolation: {@code %%} is '%', {@code %(name)s} another option of the section (or the defaults). */
    private static String interpolate(Map<String, String> options, String value, int depth) throws InterpolationError {
        if (depth > MAX_DEPTH) throw new InterpolationError("InterpolationDepthError: recursion too deep in '" + value + "'");
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int pct = value.indexOf('%', i);
            if (pct < 0) {
                out.append(value, i, value.length());
                break;
            }
            out.append(value, i, pct);
            if (value.startsWith("%%", pct)) {
                out.append('%');
                i = pct + 2;
                continue;
            }
            Matcher ref = INTERPOLATE.matcher(value).region(pct, value.length());
            if (!ref.lookingAt()) throw new InterpolationError("InterpolationSyntaxError: '%' must be followed by '%' or '(', found: '" + value.substring(pct) + "'");
            String name = ref.group(1).toLowerCase(Locale.ROOT);
            String target = options.get(name);
            if (target == null) throw new InterpolationError("InterpolationMissingOptionError: bad option reference '" + name + "'");
            out.append(target.indexOf('%') < 0 ? target : interpolate(options, target, depth + 1));
            i = ref.end();
        }
        return out.toString();
    }
}
