package dev.opsctl.module.authorizedkey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Ansible's authorized_key enforce_state on a file's text: which keys to add, update or remove, and the text it
 * writes (every line is written again in Ansible's form when anything changes).
 *
 * @param content the new file text; equal to the old one when {@code changed} is false
 * @param details one line per key added, updated or removed
 */
record KeyMerge(boolean changed, String content, List<String> details) {
    /** Applies the task's keys to {@code existing} (the file's text, "" when there is none). */
    static KeyMerge of(String existing, AuthorizedKeyModule.KeyArgs a) {
        // Keyed by blob like Ansible's dict: replacing keeps a key's place, removing and adding moves it to the end.
        Map<String, KeyLine> keys = new LinkedHashMap<>();
        List<String> lines = KeyLine.splitLines(existing, true);
        for (int i = 0; i < lines.size(); i++) {
            KeyLine k = KeyLine.parse(lines.get(i), i);
            if (k == null) k = KeyLine.verbatim(lines.get(i), i);
            keys.put(k.blob(), k);
        }
        int existingCount = keys.size();
        boolean write = false;
        List<String> details = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        for (int i = 0; i < a.keys().size(); i++) {
            KeyLine k = KeyLine.parse(a.keys().get(i), i);
            if (a.keyOptions() != null) k = k.withOptions(KeyLine.options(a.keyOptions()));
            if (a.comment() != null) k = k.withComment(a.comment());
            KeyLine old = keys.get(k.blob());
            boolean matched = old != null && (old.sameAs(k) || !a.present());
            if (!a.present()) {
                if (!matched) continue;
                keys.remove(k.blob());
                details.add("remove key " + old.describe());
                write = true;
                continue;
            }
            wanted.add(k.blob());
            if (old != null && !matched) {
                keys.remove(k.blob());
                details.add("update key " + k.describe() + changes(old, k));
            } else if (!matched) {
                details.add("add key " + k.describe());
            }
            if (!matched) {
                keys.put(k.blob(), k.withRank(existingCount + k.rank()));
                write = true;
            }
        }
        if (a.present() && a.exclusive()) {
            for (KeyLine k : List.copyOf(keys.values())) {
                if (wanted.contains(k.blob())) continue;
                keys.remove(k.blob());
                details.add("remove " + (k.isKey() ? "key " : "") + k.describe() + " (exclusive)");
                write = true;
            }
        }
        if (!write) return new KeyMerge(false, existing, List.of());
        List<KeyLine> ordered = new ArrayList<>(keys.values());
        ordered.sort(Comparator.comparingInt(KeyLine::rank));
        StringBuilder out = new StringBuilder();
        for (KeyLine k : ordered) out.append(k.render());
        return new KeyMerge(true, out.toString(), details);
    }

    /** What differs between an existing key and the wanted one: "(options a -> b)", "(comment x -> y)". */
    private static String changes(KeyLine old, KeyLine k) {
        List<String> what = new ArrayList<>();
        if (!Objects.equals(old.type(), k.type())) what.add("type " + old.type() + " -> " + k.type());
        String oldOpts = options(old);
        String newOpts = options(k);
        if (!old.grouped().equals(k.grouped())) {
            what.add("options " + (oldOpts.isEmpty() ? "(none)" : oldOpts) + " -> " + (newOpts.isEmpty() ? "(none)" : newOpts));
        }
        if (!Objects.equals(old.comment(), k.comment())) {
            what.add("comment " + (old.comment().isEmpty() ? "(none)" : old.comment()) + " -> " + (k.comment().isEmpty() ? "(none)" : k.comment()));
        }
        return what.isEmpty() ? "" : " (" + String.join(", ", what) + ")";
    }

    private static String options(KeyLine k) {
        String line = k.render();
        int type = line.indexOf(k.type() + " " + k.blob());
        return type <= 0 ? "" : line.substring(0, type).strip();
    }
}
