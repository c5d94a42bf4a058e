package dev.opsctl.module.localegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** locale_gen.py's reading and editing of /etc/locale.gen and of {@code locale -a}, line for line. */
final class LocaleGenFile {
    /** An entry of /etc/locale.gen, enabled or commented out once ({@code is_available}'s pattern). */
    private static final Pattern ENTRY = Pattern.compile("^#?\\s*(\\S+_\\S+) (\\S+)\\s*$");
    /** locale_gen.py's LOCALE_NORMALIZATION: how {@code locale -a} spells a charset, and how a name in locale.gen does. */
    private static final Map<String, String> NORMAL = Map.of(".utf8", ".UTF-8", ".eucjp", ".EUC-JP", ".iso885915", ".ISO-8859-15",
            ".cp1251", ".CP1251", ".koi8r", ".KOI8-R", ".armscii8", ".ARMSCII-8", ".euckr", ".EUC-KR", ".gbk", ".GBK",
            ".gb18030", ".GB18030", ".euctw", ".EUC-TW");

    private LocaleGenFile() {}

    /** Whether {@code name} has a line in the file, enabled or not. */
    static boolean available(String text, String name) {
        for (String line : text.split("\n")) {
            Matcher m = ENTRY.matcher(line);
            if (m.matches() && m.group(1).equals(name)) return true;
        }
        return false;
    }

    /** Whether {@code locale -a} lists {@code name}, charset spellings made alike as locale_gen.py makes them. */
    static boolean compiled(List<String> locales, String name) {
        String wanted = normal(name);
        return locales.stream().anyMatch(l -> normal(l).equals(wanted));
    }

    /** The list {@code locale -a} will print once locale-gen ran. */
    static List<String> afterGen(List<String> locales, String name, boolean present) {
        List<String> out = new ArrayList<>();
        for (String l : locales) if (!normal(l).equals(normal(name))) out.add(l);
        if (present) out.add(name);
        return out;
    }

    /**
     * The file with {@code name}'s line enabled ({@code NAME CHARSET}) or commented out ({@code # NAME CHARSET}), by
     * locale_gen.py's substitution {@code #{0,1}\s*NAME (?P<charset>.+)} on every line. Like Ansible, the name is not
     * escaped: a '.' in it matches any character.
     */
    static String withLocale(String text, String name, boolean enabled) {
        Pattern line = Pattern.compile("#?\\s*" + nameAsPythonPattern(name) + " (.+)");
        String replacement = Matcher.quoteReplacement((enabled ? "" : "# ") + name + " ") + "$1";
        StringBuilder out = new StringBuilder();
        for (String l : text.split("(?<=\n)", -1)) {
            if (l.isEmpty()) continue;
            out.append(line.matcher(l).replaceAll(replacement));
        }
        return out.toString();
    }

    /** The name as the regular expression Python reads it as: '.' is any character, everything else itself. */
    private static String nameAsPythonPattern(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("\\.", -1)) parts.add(part.isEmpty() ? "" : Pattern.quote(part));
        return String.join(".", parts);
    }

    private static String normal(String name) {
        String n = name;
        for (Map.Entry<String, String> e : NORMAL.entrySet()) n = n.replace(e.getKey(), e.getValue());
        return n;
    }
}
