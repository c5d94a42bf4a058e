package dev.opsctl.template;

import com.hubspot.jinjava.lib.filter.Filter;
import dev.opsctl.python.Python;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** String filters as Python's str methods and Ansible's path, encoding and hash filters compute them. */
final class StringFilters {
    private static final Pattern SHELL_SAFE = Pattern.compile("[\\w@%+=:,./-]+", Pattern.UNICODE_CHARACTER_CLASS);

    private StringFilters() {}

    static List<Filter> all() {
        List<Filter> f = new ArrayList<>();
        f.add(new AnsibleFilters.Named("lower", (v, a, i) -> Python.str(v).toLowerCase()));
        f.add(new AnsibleFilters.Named("upper", (v, a, i) -> Python.str(v).toUpperCase()));
        f.add(new AnsibleFilters.Named("capitalize", (v, a, i) -> {
            String s = Python.str(v);
            return s.isEmpty() ? s : s.substring(0, 1).toUpperCase() + s.substring(1).toLowerCase();
        }));
        f.add(new AnsibleFilters.Named("trim", (v, a, i) -> {
            String chars = a.string(0, "chars", null);
            String s = Python.str(v);
            return chars == null ? s.strip() : s.replaceAll("^[" + Pattern.quote(chars) + "]+|[" + Pattern.quote(chars) + "]+$", "");
        }));
        f.add(new AnsibleFilters.Named("replace", (v, a, i) -> {
            String s = Python.str(v);
            String old = a.string(0, "old", "");
            String replacement = a.string(1, "new", "");
            int count = a.integer(2, "count", -1);
            if (count < 0) return s.replace(old, replacement);
            String out = s;
            int from = 0;
            for (int n = 0; n < count; n++) {
                int at = out.indexOf(old, from);
                if (at < 0) break;
                out = out.substring(0, at) + replacement + out.substring(at + old.length());
                from = at + replacement.length() + (old.isEmpty() ? 1 : 0);
            }
            return out;
        }));
        f.add(new AnsibleFilters.Named("split", (v, a, i) -> {
            String s = Python.str(v);
            String sep = a.string(0, "sep", null);
            int max = a.integer(1, "maxsplit", -1);
            if (sep == null) {
                String t = s.strip();
                return t.isEmpty() ? List.of() : Arrays.asList((Object[]) t.split("\\s+", max < 0 ? 0 : max + 1));
            }
            return Arrays.asList((Object[]) s.split(Pattern.quote(sep), max < 0 ? -1 : max + 1));
        }));
        f.add(new AnsibleFilters.Named("basename", (v, a, i) -> {
            String s = Python.str(v);
            return s.substring(s.lastIndexOf('/') + 1);
        }));
        f.add(new AnsibleFilters.Named("dirname", (v, a, i) -> {
            String s = Python.str(v);
            int slash = s.lastIndexOf('/');
            if (slash < 0) return "";
            String head = s.substring(0, slash + 1);
            // os.path.dirname strips trailing slashes unless the head is all slashes
            return head.matches("/+") ? head : head.replaceAll("/+$", "");
        }));
        f.add(new AnsibleFilters.Named("quote", (v, a, i) -> shellQuote(Python.str(v))));
        f.add(new AnsibleFilters.Named("b64encode", (v, a, i) -> Base64.getEncoder().encodeToString(Python.str(v).getBytes(StandardCharsets.UTF_8))));
        f.add(new AnsibleFilters.Named("b64decode", (v, a, i) -> new String(Base64.getMimeDecoder().decode(Python.str(v)), StandardCharsets.UTF_8)));
        f.add(new AnsibleFilters.Named("hash", (v, a, i) -> digest(Python.str(v), a.string(0, "hashtype", "sha1"))));
        f.add(new AnsibleFilters.Named("checksum", (v, a, i) -> digest(Python.str(v), "sha1")));
        f.add(new AnsibleFilters.Named("md5", (v, a, i) -> digest(Python.str(v), "md5")));
        f.add(new AnsibleFilters.Named("sha1", (v, a, i) -> digest(Python.str(v), "sha1")));
        return f;
    }

    /** Python's shlex.quote. */
    static String shellQuote(String s) {
        if (s.isEmpty()) return "''";
        if (SHELL_SAFE.matcher(s).matches()) return s;
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }
    private static String digest(String s, String type) {
        String algorithm = switch (type.toLowerCase()) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            case "sha224" -> "SHA-224";
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported hash type '" + type + "'");
        };
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
