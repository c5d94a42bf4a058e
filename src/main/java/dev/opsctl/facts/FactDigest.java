package dev.opsctl.facts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.opsctl.secret.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A SHA-256 fingerprint of one fact answer, over a canonical JSON form (records by component, maps by key). */
public final class FactDigest {
    /**
     * Host facts that change on their own between two runs (clock, uptime, free memory, the SSH session's
     * environment): a fingerprint over them would report drift on every host every time.
     */
    static final Set<String> VOLATILE_HOST_FACTS = Set.of("date_time", "uptime_seconds", "memfree_mb", "memory_mb",
            "swapfree_mb", "env");

    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private FactDigest() {}

    /** The digest of {@code answer}, the answer to the query with {@code key}; lowercase hex. */
    public static String of(String key, Object answer) {
        Object stable = answer;
        if (HostFacts.ALL.key().equals(key) && answer instanceof Map<?, ?> m) {
            Map<Object, Object> kept = new LinkedHashMap<>(m);
            kept.keySet().removeAll(VOLATILE_HOST_FACTS);
            stable = kept;
        }
        try {
            // Keyed with the vault passwords when there are any: a saved plan must not let a vaulted value be guessed.
            return Secrets.fingerprint(CANONICAL.writeValueAsBytes(stable));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fact " + key + " cannot be fingerprinted", e);
        }
    }

    /** JSON with records by component and maps by key, so equal values always give equal text. */
    public static String canonicalJson(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable: " + e.getOriginalMessage(), e);
        }
    }

    /** SHA-256 of {@code bytes}, lowercase hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
