package dev.opsctl.facts;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a host answered, per fact key, before any predicted change was written over it: what a saved plan is made
 * against. The answers are kept as read; their digests ({@link FactDigest}) are worked out only when someone reads
 * them (a saved plan, the drift check of {@code apply PLANFILE}): a plan printed and not saved never needs them, and
 * fingerprinting every answer cost a cold run about 25 ms before its first line of output.
 */
public final class ObservedFacts {
    private final Map<String, Object> answers = new TreeMap<>();

    /** Keeps the first answer read for {@code key}; answers are values, never changed after they are read. */
    public synchronized void putIfAbsent(String key, Object answer) {
        answers.putIfAbsent(key, answer);
    }

    /** The digest per key of the answers kept so far, sorted by key; each worked out on the first read of the map. */
    public synchronized Map<String, String> digests() {
        return new Digests(new TreeMap<>(answers));
    }

    /** An unmodifiable sorted map whose values are computed, all at once, on the first read. */
    public static final class Digests extends AbstractMap<String, String> {
        private final Map<String, Object> answers;
        private Map<String, String> digests;

        private Digests(Map<String, Object> answers) {
            this.answers = answers;
        }

        @Override
        public synchronized Set<Entry<String, String>> entrySet() {
            if (digests == null) {
                Map<String, String> d = new TreeMap<>();
                answers.forEach((k, v) -> d.put(k, FactDigest.of(k, v)));
                digests = Collections.unmodifiableMap(d);
            }
            return digests.entrySet();
        }

        @Override
        public int size() {
            return answers.size();
        }

        @Override
        public boolean containsKey(Object key) {
            return answers.containsKey(key);
        }
    }
}
