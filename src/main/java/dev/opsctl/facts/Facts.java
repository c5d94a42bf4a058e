package dev.opsctl.facts;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Answers to fact queries for one host. During planning this is the <em>predicted</em> state:
 * each planned change writes its after-state here, so later tasks see what earlier ones will have done.
 */
public final class Facts {
    private final Map<String, Object> answers = new HashMap<>();

    public boolean has(FactQuery<?> query) {
        return answers.containsKey(query.key());
    }

    @SuppressWarnings("unchecked")
    public <T> T get(FactQuery<T> query) {
        if (!answers.containsKey(query.key())) {
            throw new IllegalStateException("fact not gathered: " + query.key());
        }
        return (T) answers.get(query.key());
    }

    public <T> void put(FactQuery<T> query, T answer) {
        answers.put(query.key(), answer);
    }

    /** Every answer by query key, in key order: a stable listing for fingerprints. */
    public SortedMap<String, Object> entries() {
        return new TreeMap<>(answers);
    }

    /** Forgets every answer: after a command ran, nothing known about the host can be trusted. */
    public void clear() {
        answers.clear();
    }

    /** Applies a planned change's predicted after-state. */
    public void apply(FactUpdate<?> update) {
        answers.put(update.query().key(), update.value());
    }
}
