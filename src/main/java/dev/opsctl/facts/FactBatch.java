package dev.opsctl.facts;

import dev.opsctl.transport.Connection;
import dev.opsctl.transport.TransportException;
import dev.opsctl.transport.ExecResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Answers many fact queries with ONE remote exec: a generated script that prints each answer in its own section. */
public final class FactBatch {
    private FactBatch() {}

    /** Gathers every query not yet answered in {@code facts}; does nothing (no exec) when all are known. */
    public static void gather(Connection conn, Collection<? extends FactQuery<?>> queries, Facts facts) throws TransportException {
        Map<String, FactQuery<?>> wanted = new LinkedHashMap<>();
        for (FactQuery<?> q : queries) {
            if (facts.has(q)) continue;
            FactQuery<?> prev = wanted.get(q.key());
            if (prev == null || q.covers(prev)) wanted.put(q.key(), q);
        }
        if (wanted.isEmpty()) return;
        List<FactQuery<?>> list = new ArrayList<>(wanted.values());
        // A marker no file content can contain by chance: content is base64 and the marker has '@' and a random id.
        String marker = "@@opsctl-" + UUID.randomUUID().toString().replace("-", "");
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            script.append("echo '").append(marker).append(' ').append(i).append("'\n");
            FactQuery<?> q = list.get(i);
            if (q.isolated()) script.append("( ").append(q.script()).append("\n) 2>/dev/null\n");
            else script.append("{ ").append(q.script()).append("\n} 2>/dev/null\n");
        }
        ExecResult r = conn.exec(script.toString());
        String[] sections = r.out().split("(?m)^" + marker + " ", -1);
        if (sections.length != list.size() + 1) {
            throw new TransportException("fact gathering on " + conn.host() + " returned " + (sections.length - 1)
                    + " of " + list.size() + " answers (exit " + r.exitCode() + "): " + r.err().strip());
        }
        for (int i = 0; i < list.size(); i++) {
            String section = sections[i + 1];
            int nl = section.indexOf('\n');
            String body = nl < 0 ? "" : section.substring(nl + 1);
            if (body.endsWith("\n")) body = body.substring(0, body.length() - 1);
            store(facts, list.get(i), body);
        }
    }

    private static <T> void store(Facts facts, FactQuery<T> q, String output) {
        facts.put(q, q.parse(output));
    }
}
