package dev.opsctl.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host key of an inventory file, {@code web[01:03].example.com:2222}: the host names it expands to and its port.
 * Ranges follow Ansible's expand_hostname_range: numeric with zero padding, alphabetic, optional step.
 */
record HostEntry(List<String> names, Integer port) {
    private static final Pattern WITH_PORT = Pattern.compile("(.+):([0-9]+)");
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** Parses one host key; throws IllegalArgumentException with a user-facing message on a bad range. */
    static HostEntry parse(String key) {
        String pattern = key.trim();
        Integer port = null;
        Matcher m = WITH_PORT.matcher(pattern);
        // a colon inside brackets belongs to a range, and only a trailing number is a port
        if (m.matches() && bracketsClosed(m.group(1))) {
            pattern = m.group(1);
            port = Integer.valueOf(m.group(2));
        }
        List<String> names = pattern.contains("[") ? expand(pattern) : List.of(pattern);
        return new HostEntry(names, port);
    }

    private static boolean bracketsClosed(String s) {
        return !s.contains("[") || s.lastIndexOf('[') < s.lastIndexOf(']');
    }

    private static List<String> expand(String line) {
        int open = line.indexOf('[');
        int close = line.indexOf(']', open);
        if (close < 0) throw new IllegalArgumentException("host range '" + line + "' has no closing ']'");
        String head = line.substring(0, open);
        String tail = line.substring(close + 1);
        String[] bounds = line.substring(open + 1, close).split(":", -1);
        if (bounds.length != 2 && bounds.length != 3) {
            throw new IllegalArgumentException("host range must be begin:end or begin:end:step, got '" + line + "'");
        }
        String beg = bounds[0].isEmpty() ? "0" : bounds[0];
        String end = bounds[1];
        if (end.isEmpty()) throw new IllegalArgumentException("host range must specify end value: '" + line + "'");
        int step = bounds.length == 3 ? parseInt(bounds[2], line) : 1;
        if (step <= 0) throw new IllegalArgumentException("host range step must be positive: '" + line + "'");
        int width = 0;
        if (beg.charAt(0) == '0' && beg.length() > 1) {
            if (beg.length() != end.length()) {
                throw new IllegalArgumentException("host range must specify equal-length begin and end formats: '" + line + "'");
            }
            width = beg.length();
        }
        List<String> items = new ArrayList<>();
        int a = LETTERS.indexOf(beg);
        int b = LETTERS.indexOf(end);
        if (beg.length() == 1 && end.length() == 1 && a >= 0 && b >= 0) {
            if (a > b) throw new IllegalArgumentException("host range must have begin <= end: '" + line + "'");
            for (int i = a; i <= b; i += step) items.add(String.valueOf(LETTERS.charAt(i)));
        } else {
            int from = parseInt(beg, line);
            int to = parseInt(end, line);
            for (int i = from; i <= to; i += step) items.add(pad(i, width));
        }
        List<String> names = new ArrayList<>();
        for (String item : items) {
            String name = head + item + tail;
            if (name.contains("[")) names.addAll(expand(name));
            else names.add(name);
        }
        return names;
    }

    private static String pad(int value, int width) {
        String s = Integer.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    private static int parseInt(String s, String line) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("host range bound '" + s + "' is neither a number nor a letter in '" + line + "'");
        }
    }
}
