package dev.opsctl.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secrets a run knows: values that came from a vault, become passwords, file content from vaulted sources. Every
 * output of the run is masked against them ({@link MaskingWriter}), content that holds one is shown only as a size
 * and a keyed digest, and a remote script that holds one travels on stdin rather than in a command line.
 *
 * <p>Process-wide, like the run itself: a command registers what it decrypts; parallel host threads read it.
 */
public final class Secrets {
    /** What replaces a secret's literal value in any output. */
    public static final String MASK = "********";
    /** Shorter values (and booleans) are not masked as literals: they would blank out ordinary words. */
    private static final int MIN_LITERAL = 3;
    private static final int MIN_LINE = 6;

    private static final Set<String> LITERALS = ConcurrentHashMap.newKeySet();
    private static final Set<String> CONTENT = ConcurrentHashMap.newKeySet();
    private static volatile List<String> longestFirst = List.of();
    private static volatile byte[] digestKey = new byte[32];
    private static volatile boolean keyed;

    private Secrets() {}

    /** Forgets every secret; a new command starts empty. */
    public static synchronized void reset() {
        LITERALS.clear();
        CONTENT.clear();
        longestFirst = List.of();
        digestKey = new byte[32];
        keyed = false;
    }

    /**
     * Keys the digests of sensitive content with the run's vault passwords: the same inputs and passwords give the
     * same digest (so a saved plan can be compared when it is applied), and nobody without the passwords can test
     * guesses against it.
     */
    public static void keyDigestsWith(Collection<byte[]> passwords) {
        List<String> sorted = passwords.stream().map(p -> HexFormat.of().formatHex(p)).sorted().toList();
        digestKey = sha256(("opsctl-sensitive-1\n" + String.join("\n", sorted)).getBytes(StandardCharsets.UTF_8));
        keyed = !passwords.isEmpty();
    }

    /**
     * A fingerprint that a saved plan may hold: plain SHA-256, or with vault passwords in the run, HMAC-SHA256 keyed
     * with them, so a fact that holds a vaulted value (a file's content) cannot be guessed from the plan file.
     */
    public static String fingerprint(byte[] data) {
        if (!keyed) return HexFormat.of().formatHex(sha256(data));
        return HexFormat.of().formatHex(hmac(data));
    }

    /** Registers a sensitive value; a multi-line value also registers its longer lines, which output shows one by one. */
    public static void register(String value) {
        if (value == null) return;
        boolean added = addLiteral(value);
        if (value.indexOf('\n') >= 0) {
            for (String line : value.split("\r?\n")) if (line.strip().length() >= MIN_LINE) added |= addLiteral(line.strip());
        }
        if (added) refresh();
    }

    /** Registers every scalar of a tree of maps and lists (a decrypted vars file). */
    public static void registerTree(Object tree) {
        if (tree instanceof Map<?, ?> m) m.values().forEach(Secrets::registerTree);
        else if (tree instanceof Collection<?> c) c.forEach(Secrets::registerTree);
        else if (tree instanceof String s) register(s);
        else if (tree instanceof Number n && String.valueOf(n).length() >= 4) register(String.valueOf(n));
    }

    /** Registers file content (a vaulted copy or template source, or what it rendered to) as sensitive as a whole. */
    public static void registerContent(byte[] content) {
        CONTENT.add(HexFormat.of().formatHex(sha256(content)));
    }

    /** Whether digests are keyed (a vault password is in the run): only then may a plan keep a digest of a secret. */
    public static boolean keyed() {
        return keyed;
    }

    public static boolean any() {
        return !LITERALS.isEmpty() || !CONTENT.isEmpty();
    }

    /** Whether {@code text} holds a secret's literal value. */
    public static boolean contains(String text) {
        if (text == null) return false;
        for (String s : longestFirst) if (text.contains(s)) return true;
        return false;
    }

    /** Whether file content is sensitive: registered as such, or holding a secret's value. */
    public static boolean isSensitive(byte[] content) {
        if (content == null || !any()) return false;
        if (CONTENT.contains(HexFormat.of().formatHex(sha256(content)))) return true;
        return contains(new String(content, StandardCharsets.UTF_8));
    }

    /** What is shown instead of sensitive content: its size and a keyed digest (Ansible's --diff showed it, #29688). */
    public static String describe(byte[] content) {
        return "(sensitive content: " + content.length + " bytes, sha256 " + digest(content) + ")";
    }

    /** A digest of {@code content} keyed with the run's passwords (first 16 hex digits of HMAC-SHA256). */
    public static String digest(byte[] content) {
        return HexFormat.of().formatHex(hmac(content)).substring(0, 16);
    }

    private static byte[] hmac(byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(digestKey, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    /** {@code text} with every secret's literal value replaced by {@link #MASK}. */
    public static String mask(String text) {
        if (text == null || longestFirst.isEmpty()) return text;
        String out = text;
        for (String s : longestFirst) if (out.contains(s)) out = out.replace(s, MASK);
        return out;
    }

    /** The length of the longest end of {@code text} that could be the start of a secret, still to be completed. */
    static int pendingPrefix(CharSequence text) {
        int best = 0;
        for (String s : longestFirst) {
            int max = Math.min(s.length() - 1, text.length());
            for (int n = max; n > best; n--) {
                if (s.regionMatches(0, text.toString(), text.length() - n, n)) {
                    best = n;
                    break;
                }
            }
        }
        return best;
    }

    private static boolean addLiteral(String s) {
        if (s.length() < MIN_LITERAL || s.equals(MASK)) return false;
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("true") || lower.equals("false") || lower.equals("yes") || lower.equals("no")) return false;
        boolean added = LITERALS.add(s);
        // JSON output (opsctl inventory host, a JSON-formatted message) shows a quote or backslash escaped.
        String escaped = jsonEscaped(s);
        if (!escaped.equals(s)) added |= LITERALS.add(escaped);
        return added;
    }

    private static String jsonEscaped(String s) {
        String quoted = dev.opsctl.json.Json.write(s);
        return quoted.substring(1, quoted.length() - 1);
    }

    private static synchronized void refresh() {
        List<String> all = new ArrayList<>(LITERALS);
        all.sort(Comparator.comparingInt(String::length).reversed());
        longestFirst = List.copyOf(all);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
