package dev.opsctl.module.file;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code time.strptime} for the directives a timestamp needs (%Y %y %m %d %H %I %M %S %p %b %B %h %a %A %j
 * %%), with Python's patterns and messages; whitespace in the format matches any run of whitespace. Missing fields
 * default as Python's do (1900-01-01 00:00:00).
 */
final class Strptime {
    private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december");
    private static final String DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun";

    private Strptime() {}

    /** Python's message of a ValueError, for Ansible's "Error while obtaining timestamp" text. */
    static final class ParseError extends Exception {
        ParseError(String message) {
            super(message);
        }
    }

    static LocalDateTime parse(String text, String format) throws ParseError {
        StringBuilder regex = new StringBuilder();
        List<Character> fields = new ArrayList<>();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '%' && i + 1 < format.length()) {
                char d = format.charAt(++i);
                String part = switch (d) {
                    case 'Y' -> "(\\d\\d\\d\\d)";
                    case 'y' -> "(\\d\\d)";
                    case 'm' -> "(1[0-2]|0[1-9]|[1-9])";
                    case 'd' -> "(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])";
                    case 'H' -> "(2[0-3]|[0-1]\\d|\\d)";
                    case 'I' -> "(1[0-2]|0[1-9]|[1-9])";
                    case 'M' -> "([0-5]\\d|\\d)";
                    case 'S' -> "(6[0-1]|[0-5]\\d|\\d)";
                    case 'j' -> "(36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])";
                    case 'p' -> "(am|pm)";
                    case 'b', 'h' -> "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)";
                    case 'B' -> "(" + String.join("|", MONTHS) + ")";
                    case 'a', 'A' -> "(" + DAYS + ")";
                    case '%' -> null;
                    default -> throw new ParseError("'" + d + "' is a bad directive in format '%" + d + "'");
                };
                if (part == null) {
                    regex.append('%');
                } else {
                    regex.append(part);
                    fields.add(d);
                }
            } else if (Character.isWhitespace(c)) {
                while (i + 1 < format.length() && Character.isWhitespace(format.charAt(i + 1))) i++;
                regex.append("\\s+");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Matcher m = Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(text);
        if (!m.lookingAt()) throw new ParseError("time data " + repr(text) + " does not match format " + repr(format));
        if (m.end() != text.length()) throw new ParseError("unconverted data remains: " + text.substring(m.end()));
        int year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0, dayOfYear = -1;
        boolean pm = false, twelve = false;
        for (int g = 0; g < fields.size(); g++) {
            String v = m.group(g + 1).strip().toLowerCase(Locale.ROOT);
            switch (fields.get(g)) {
                case 'Y' -> year = Integer.parseInt(v);
                case 'y' -> {
                    int y = Integer.parseInt(v);
                    year = y <= 68 ? 2000 + y : 1900 + y;
                }
                case 'm' -> month = Integer.parseInt(v);
                case 'd' -> day = Integer.parseInt(v);
                case 'H' -> hour = Integer.parseInt(v);
                case 'I' -> {
                    hour = Integer.parseInt(v);
                    twelve = true;
                }
                case 'M' -> minute = Integer.parseInt(v);
                case 'S' -> second = Integer.parseInt(v);
                case 'j' -> dayOfYear = Integer.parseInt(v);
                case 'p' -> pm = v.equals("pm");
                case 'b', 'h' -> month = monthOf(v.substring(0, 3));
                case 'B' -> month = MONTHS.indexOf(v) + 1;
                default -> { }
            }
        }
        if (twelve) hour = hour % 12 + (pm ? 12 : 0);
        try {
            LocalDateTime t = dayOfYear > 0 ? LocalDateTime.of(year, 1, 1, hour, minute, 0).withDayOfYear(dayOfYear)
                    : LocalDateTime.of(year, month, day, hour, minute, 0);
            // Python accepts a leap second (60 and 61) and mktime carries it into the next minute.
            return t.plusSeconds(second);
        } catch (java.time.DateTimeException e) {
            throw new ParseError("day is out of range for month");
        }
    }

    private static int monthOf(String abbreviation) {
        for (int i = 0; i < MONTHS.size(); i++) if (MONTHS.get(i).startsWith(abbreviation)) return i + 1;
        return 1;
    }

    private static String repr(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
