package dev.opsctl.approval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * An allowed_signers file in OpenSSH's format (ssh-keygen(1), "ALLOWED SIGNERS"), as git reads it too: one key a
 * line with the principals it may sign as, and options {@code namespaces="..."}, {@code valid-after=} and
 * {@code valid-before=}. A {@code cert-authority} line is kept out (opsctl does not verify certificates).
 */
public record AllowedSigners(Path file, List<Entry> entries) {
    /**
     * One line.
     *
     * @param principals the comma-separated pattern-list of who may sign with the key ({@code *}, {@code ?}, {@code !})
     * @param namespaces the pattern-list of namespaces, or null when the line has no such option (any namespace)
     * @param line the line number, for messages
     */
    public record Entry(String principals, String namespaces, Instant validAfter, Instant validBefore, String keyType, byte[] key, int line) {
        /** Whether this line lets {@code principal} sign in {@code namespace} at {@code when}. */
        boolean allows(String principal, String namespace, Instant when) {
            return patternListMatches(principals, principal)
                    && (namespaces == null || patternListMatches(namespaces, namespace))
                    && (validAfter == null || !when.isBefore(validAfter))
                    && (validBefore == null || !when.isAfter(validBefore));
        }
    }

    public static AllowedSigners read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("the allowed_signers file " + file + " does not exist");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty() || text.startsWith("#")) continue;
            Entry e = parseLine(file, i + 1, text);
            if (e != null) entries.add(e);
        }
        return new AllowedSigners(file, List.copyOf(entries));
    }

    /** Whether some line lets {@code principal} sign with {@code key} in {@code namespace} now or at {@code when}. */
    public boolean allows(String principal, byte[] key, String namespace, Instant when) {
        return entries.stream().anyMatch(e -> KeySignatures.sameKey(e.key(), key) && e.allows(principal, namespace, when));
    }

    /** Whether any line lists {@code key} for {@code principal}, whatever its namespace and dates. */
    public boolean listsKeyFor(String principal, byte[] key) {
        return entries.stream().anyMatch(e -> KeySignatures.sameKey(e.key(), key) && patternListMatches(e.principals(), principal));
    }

    private static Entry parseLine(Path file, int line, String text) throws IOException {
        List<String> fields = fields(text);
        String where = file + ":" + line + ": ";
        if (fields.size() < 3) throw new IOException(where + "expected 'PRINCIPALS [OPTIONS] KEYTYPE BASE64-KEY'");
        String principals = unquote(fields.get(0));
        int keyAt = 1;
        String namespaces = null;
        Instant after = null;
        Instant before = null;
        boolean certAuthority = false;
        if (!looksLikeKeyType(fields.get(1))) {
            keyAt = 2;
            for (String option : splitOptions(fields.get(1))) {
                int eq = option.indexOf('=');
                String name = (eq < 0 ? option : option.substring(0, eq)).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? null : unquote(option.substring(eq + 1));
                switch (name) {
                    case "namespaces" -> namespaces = value;
                    case "valid-after" -> after = timestamp(where, value);
                    case "valid-before" -> before = timestamp(where, value);
                    case "cert-authority" -> certAuthority = true;
                    default -> throw new IOException(where + "unknown option '" + name + "' (namespaces, valid-after, valid-before and cert-authority are known)");
                }
            }
        }
        if (fields.size() < keyAt + 2) throw new IOException(where + "expected a key type and a base64 key after the principals and options");
        String keyType = fields.get(keyAt);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(fields.get(keyAt + 1));
        } catch (IllegalArgumentException e) {
            throw new IOException(where + "the key is not valid base64");
        }
        if (certAuthority) return null;
        return new Entry(principals, namespaces, after, before, keyType, key, line);
    }

    private static boolean looksLikeKeyType(String field) {
        return field.startsWith("ssh-") || field.startsWith("ecdsa-") || field.startsWith("sk-");
    }

    /** Space-separated fields; spaces inside double quotes do not split. */
    private static List<String> fields(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') quoted = !quoted;
            if (!quoted && (c == ' ' || c == '\t')) {
                if (!cur.isEmpty()) out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) out.add(cur.toString());
        return out;
    }

    /** Comma-separated options; commas inside double quotes do not split. */
    private static List<String> splitOptions(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') quoted = !quoted;
            if (!quoted && c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static String unquote(String s) {
        return s != null && s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z]; without Z in this machine's time zone, as ssh-keygen reads it. */
    private static Instant timestamp(String where, String value) throws IOException {
        if (value == null) throw new IOException(where + "valid-after/valid-before need a timestamp");
        boolean utc = value.endsWith("Z") || value.endsWith("z");
        String digits = utc ? value.substring(0, value.length() - 1) : value;
        ZoneId zone = utc ? ZoneOffset.UTC : ZoneId.systemDefault();
        try {
            return switch (digits.length()) {
                case 8 -> LocalDate.parse(digits, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(zone).toInstant();
                case 12 -> LocalDateTime.parse(digits, DateTimeFormatter.ofPattern("yyyyMMddHHmm")).atZone(zone).toInstant();
                case 14 -> LocalDateTime.parse(digits, DateTimeFormatter.ofPattern("yyyyMMddHHmmss")).atZone(zone).toInstant();
                default -> throw new IOException(where + "timestamp '" + value + "' is not YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z]");
            };
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException(where + "timestamp '" + value + "' is not YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z]");
        }
    }

    /** OpenSSH's match_pattern_list: some pattern matches and no negated ({@code !}) one does. */
    static boolean patternListMatches(String list, String value) {
        boolean matched = false;
        for (String pattern : list.split(",")) {
            if (pattern.startsWith("!")) {
                if (glob(pattern.substring(1), value)) return false;
            } else if (glob(pattern, value)) {
                matched = true;
            }
        }
        return matched;
    }

    /** OpenSSH's patterns know only {@code *} and {@code ?}; every other character stands for itself. */
    private static boolean glob(String pattern, String value) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return java.util.regex.Pattern.compile(re.toString(), java.util.regex.Pattern.DOTALL).matcher(value).matches();
    }
}
