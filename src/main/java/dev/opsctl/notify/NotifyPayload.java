package dev.opsctl.notify;

import dev.opsctl.json.Json;
import dev.opsctl.secret.Secrets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON body of a notification (docs/notifications.md): Slack's {@code text}, the fields Apache DevLake's deployment
 * webhook takes, and opsctl's own under {@code opsctl}. Every string passes the secrets mask.
 */
public final class NotifyPayload {
    private NotifyPayload() {}

    public static String json(RunEvent e) {
        return Secrets.mask(Json.write(tree(e)));
    }

    static Map<String, Object> tree(RunEvent e) {
        RunEvent.RunFacts run = e.run();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", text(e));
        m.put("event", e.kind().wireName());
        // DevLake: pipeline_id, name/display_title, environment, repo_url, ref_name, commit_sha, start_time, end_time, result.
        m.put("pipeline_id", run.id());
        String name = "opsctl " + run.command() + " " + run.subject();
        m.put("name", name);
        m.put("display_title", name);
        m.put("environment", run.environment());
        m.put("repo_url", run.git() == null ? null : run.git().repoUrl());
        m.put("ref_name", run.git() == null ? null : run.git().branch());
        m.put("commit_sha", run.git() == null ? null : run.git().sha());
        m.put("start_time", run.start().toString());
        if (e.kind() != RunEvent.Kind.STARTED) m.put("end_time", e.at().toString());
        if (e.kind().devLakeResult() != null) m.put("result", e.kind().devLakeResult());
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("command", run.command());
        own.put("subject", run.subject());
        own.put("hosts", run.hosts());
        own.put("exit_code", e.exitCode());
        own.put("detail", e.detail());
        own.put("user", run.user());
        own.put("controller", run.controller());
        m.put("opsctl", own);
        return m;
    }

    /** The one line a chat channel shows. */
    static String text(RunEvent e) {
        RunEvent.RunFacts run = e.run();
        StringBuilder s = new StringBuilder("opsctl ").append(run.command()).append(' ').append(run.subject());
        if (!run.hosts().isEmpty()) {
            s.append(" on ").append(run.hosts().size()).append(run.hosts().size() == 1 ? " host" : " hosts").append(" (")
                    .append(String.join(", ", run.hosts().subList(0, Math.min(5, run.hosts().size()))))
                    .append(run.hosts().size() > 5 ? ", ..." : "").append(')');
        }
        s.append(' ').append(e.kind().verb());
        if (e.kind() != RunEvent.Kind.STARTED) s.append(" after ").append(seconds(Duration.between(run.start(), e.at())));
        if (e.detail() != null) s.append(": ").append(e.detail());
        if (run.git() != null) {
            s.append(" [").append(run.git().sha(), 0, 7).append(run.git().branch() == null ? "" : " " + run.git().branch()).append(']');
        }
        s.append(" by ").append(run.user()).append('@').append(run.controller());
        return s.toString();
    }

    private static String seconds(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return s < 120 ? s + "s" : s / 60 + "m " + s % 60 + "s";
    }
}
