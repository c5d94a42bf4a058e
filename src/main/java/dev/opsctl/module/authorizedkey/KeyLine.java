package dev.opsctl.module.authorizedkey;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of an authorized_keys file as Ansible's authorized_key parses it (parsekey): options, key type, the
 * base64 blob that identifies the key, and a comment; or a line kept as it is ({@code raw}: a comment, a blank or
 * an unparsable line). {@code rank} orders lines when the file is written again.
 */
record KeyLine(String blob, String type, List<Option> options, String comment, int rank, String raw) {
    /** One key option: {@code from="10.0.0.1"} or a flag ({@code value} null) such as {@code no-pty}. */
    record Option(String name, String value) {}

    private static final Set<String> TYPES = Set.of(
            "sk-ecdsa-sha2-nistp256@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "webauthn-sk-ecdsa-sha2-nistp256@openssh.com", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521",
            "ecdsa-sha2-nistp521-cert-v01@openssh.com", "sk-ssh-ed25519@openssh.com", "sk-ssh-ed25519-cert-v01@openssh.com",
            "ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com", "ssh-dss", "ssh-rsa", "ssh-xmss@openssh.com",
            "ssh-xmss-cert-v01@openssh.com", "rsa-sha2-256", "rsa-sha2-512", "ssh-rsa-cert-v01@openssh.com",
            "rsa-sha2-256-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com", "ssh-dss-cert-v01@openssh.com");

    /** Ansible's split on commas outside double or single quotes. */
    private static final Pattern OPTION = Pattern.compile("((?:[^,\"']|\"[^\"]*\"|'[^']*')+)");

    /** A line kept as it is, identified by its own text. */
    static KeyLine verbatim(String line, int rank) {
        return new KeyLine(line, null, List.of(), null, rank, line);
    }

    /** The key on {@code line}, a verbatim line for a comment, or null when the line holds no key type Ansible knows. */
    static KeyLine parse(String line, int rank) {
        String text = line.replace("\\#", "#");
        // shlex with whitespace_split, no quotes and no comment characters: a split on blanks.
        List<String> parts = new ArrayList<>();
        for (String p : text.split("[ \\t\\r\\n]+")) if (!p.isEmpty()) parts.add(p);
        if (!parts.isEmpty() && parts.get(0).equals("#")) return verbatim(text, rank);
        int type = -1;
        for (int i = 0; i < parts.size(); i++) {
            if (TYPES.contains(parts.get(i))) {
                type = i;
                break;
            }
        }
        if (type < 0 || type + 1 >= parts.size()) return null;
        List<Option> options = type == 0 ? List.of() : options(String.join(" ", parts.subList(0, type)));
        String comment = String.join(" ", parts.subList(type + 2, parts.size()));
        return new KeyLine(parts.get(type + 1), parts.get(type), options, comment, rank, null);
    }

    /** Ansible's parseoptions: {@code name=value} or a flag, in order, duplicates kept. */
    static List<Option> options(String text) {
        List<Option> out = new ArrayList<>();
        if (text == null || text.isEmpty()) return out;
        // re.split(...)[1:-1]: every match, and the text between two matches (normally a comma, which is skipped).
        List<String> parts = new ArrayList<>();
        Matcher m = OPTION.matcher(text);
        int last = -1;
        while (m.find()) {
            if (last >= 0) parts.add(text.substring(last, m.start()));
            parts.add(m.group(1));
            last = m.end();
        }
        for (String part : parts) {
            int eq = part.indexOf('=');
            if (eq >= 0) out.add(new Option(part.substring(0, eq), part.substring(eq + 1)));
            else if (!part.equals(",")) out.add(new Option(part, null));
        }
        return out;
    }

    boolean isKey() {
        return raw == null;
    }

    KeyLine withRank(int r) {
        return new KeyLine(blob, type, options, comment, r, raw);
    }

    KeyLine withOptions(List<Option> o) {
        return new KeyLine(blob, type, o, comment, rank, raw);
    }

    KeyLine withComment(String c) {
        return new KeyLine(blob, type, options, c, rank, raw);
    }

    /** Ansible's test of an existing key against a wanted one: type, comment and options (in any order of names). */
    boolean sameAs(KeyLine other) {
        return blob.equals(other.blob) && Objects.equals(type, other.type)
                && Objects.equals(comment, other.comment) && grouped().equals(other.grouped());
    }

    /** The options as Ansible's keydict compares them: values per name, names in any order. */
    Map<String, List<String>> grouped() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        for (Option o : options) g.computeIfAbsent(o.name(), k -> new ArrayList<>()).add(o.value());
        return g;
    }

    /** The line Ansible writes: options, type, blob and comment (with a blank before an empty comment, as Ansible writes it). */
    String render() {
        if (!isKey()) return raw;
        StringBuilder sb = new StringBuilder();
        if (!options.isEmpty()) {
            List<String> o = new ArrayList<>();
            for (Option op : options) o.add(op.value() == null ? op.name() : op.name() + "=" + op.value());
            sb.append(String.join(",", o)).append(' ');
        }
        return sb.append(type).append(' ').append(blob).append(' ').append(comment).append('\n').toString();
    }

    /** For people: "ssh-ed25519 SHA256:... comment", the fingerprint as ssh-keygen -l shows it. */
    String describe() {
        if (!isKey()) return "line " + raw.strip();
        String id;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(blob));
            id = "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (IllegalArgumentException | NoSuchAlgorithmException e) {
            id = blob.length() > 20 ? blob.substring(0, 8) + "..." + blob.substring(blob.length() - 8) : blob;
        }
        return type + " " + id + (comment.isEmpty() ? "" : " " + comment);
    }

    /** Python's str.splitlines(keepends): the line breaks Python knows, each kept on its line. */
    static List<String> splitLines(String s, boolean keepEnds) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029".indexOf(c) < 0) continue;
            int end = i;
            if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') i++;
            out.add(s.substring(start, keepEnds ? i + 1 : end));
            start = i + 1;
        }
        if (start < s.length()) out.add(s.substring(start));
        return out;
    }
}
