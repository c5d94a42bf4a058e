package dev.opsctl.shard;

import dev.opsctl.facts.FactDigest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shard {@code index} of {@code count} (1-based, as printed: {@code 2/4}): the hosts of a selection that rendezvous
 * (highest random weight) hashing gives to it. Each host's shard depends only on its own name and the count, so every
 * runner computes the same partition without talking to the others, each host is in exactly one shard, and a host added
 * to the inventory moves no other host. The hash is fixed and documented (docs/scale.md): the weight of shard K for
 * host NAME is the first 8 bytes, big-endian and unsigned, of SHA-256 over the UTF-8 text {@code K:NAME}; the highest
 * weight wins, a tie goes to the lower K.
 */
public record Shard(int index, int count) {
    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,6})\\s*/\\s*(\\d{1,6})\\s*");

    public Shard {
        if (count < 1) throw new IllegalArgumentException("the shard count must be at least 1, not " + count);
        if (index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + " does not exist: K must be between 1 and " + count);
        }
    }

    /** {@code K/N} as given to {@code --shard}. */
    public static Shard parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) throw new IllegalArgumentException("'" + text + "' is not K/N (such as 2/4) or 'auto'");
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The shard (1..count) rendezvous hashing gives {@code host}. */
    public static int owner(String host, int count) {
        int best = 1;
        long bestWeight = weight(1, host);
        for (int k = 2; k <= count; k++) {
            long w = weight(k, host);
            if (Long.compareUnsigned(w, bestWeight) > 0) {
                best = k;
                bestWeight = w;
            }
        }
        return best;
    }

    /** The weight of shard {@code k} for {@code host}: SHA-256 of "k:host", its first 8 bytes as an unsigned number. */
    static long weight(int k, String host) {
        byte[] d = sha256().digest((k + ":" + host).getBytes(StandardCharsets.UTF_8));
        long w = 0;
        for (int i = 0; i < 8; i++) w = (w << 8) | (d[i] & 0xff);
        return w;
    }

    /** The hosts of {@code selected} in this shard, in their order. */
    public Set<String> of(Collection<String> selected) {
        Set<String> mine = new LinkedHashSet<>();
        for (String h : selected) if (owner(h, count) == index) mine.add(h);
        return mine;
    }

    public boolean contains(String host) {
        return owner(host, count) == index;
    }

    /** One SHA-256 over the selection's host names, sorted, one a line: what every shard of one run must agree on. */
    public static String selectionSha256(Collection<String> selected) {
        StringBuilder all = new StringBuilder();
        for (String h : new TreeSet<>(selected)) all.append(h).append('\n');
        return FactDigest.sha256(all.toString());
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
