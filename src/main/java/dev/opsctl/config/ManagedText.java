package dev.opsctl.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * {@code ansible_managed} as Ansible's template action makes it: the {@code ansible_managed} setting (default
 * "Ansible managed") with {@code {host}}, {@code {uid}} and {@code {file}} filled in, then strftime codes expanded
 * with the template file's modification time.
 */
public final class ManagedText {
    public static final String DEFAULT = "Ansible managed";

    private ManagedText() {}

    public static String forTemplate(AnsibleConfig config, Path template, String host, String uid) {
        String format = config.setting("defaults", "ansible_managed", null).orElse(DEFAULT);
        String text = format.replace("{host}", host).replace("{uid}", uid).replace("{file}", template.toString());
        if (!text.contains("%")) return text;
        Instant mtime;
        try {
            mtime = Files.getLastModifiedTime(template).toInstant();
        } catch (IOException e) {
            mtime = Instant.now();
        }
        return strftime(text, ZonedDateTime.ofInstant(mtime, ZoneId.systemDefault()));
    }

    /** The strftime codes a managed string uses; an unknown code is kept as written. */
    static String strftime(String format, ZonedDateTime t) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char code = format.charAt(++i);
            switch (code) {
                case 'Y' -> out.append(t.getYear());
                case 'y' -> out.append(String.format("%02d", t.getYear() % 100));
                case 'm' -> out.append(String.format("%02d", t.getMonthValue()));
                case 'd' -> out.append(String.format("%02d", t.getDayOfMonth()));
                case 'H' -> out.append(String.format("%02d", t.getHour()));
                case 'M' -> out.append(String.format("%02d", t.getMinute()));
                case 'S' -> out.append(String.format("%02d", t.getSecond()));
                case 'Z' -> out.append(t.getZone().getDisplayName(TextStyle.SHORT, Locale.ROOT));
                case 'z' -> out.append(DateTimeFormatter.ofPattern("xx").format(t));
                case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'b' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case '%' -> out.append('%');
                default -> out.append('%').append(code);
            }
        }
        return out.toString();
    }
}
