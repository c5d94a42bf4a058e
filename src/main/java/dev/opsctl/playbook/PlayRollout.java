package dev.opsctl.playbook;

import dev.opsctl.rolling.Rollout;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A play's {@code serial}, {@code max_fail_percentage} and {@code any_errors_fatal} written as templates, rendered
 * once per play as Ansible's PlaybookExecutor does (play.post_validate with the play's variables: role defaults,
 * play vars and vars_files, role vars, extra vars; no host's variables).
 */
public final class PlayRollout {
    private PlayRollout() {}

    /**
     * The play's rollout with its templated keywords rendered by {@code render}; throws IllegalArgumentException
     * naming the keyword when a rendered value is not one the keyword takes.
     */
    public static Rollout rendered(Rollout written, UnaryOperator<Object> render) {
        Map<String, Object> t = written.templated();
        if (t.isEmpty()) return written;
        var serial = written.serial();
        Double maxFail = written.maxFailPercentage();
        boolean fatal = written.anyErrorsFatal();
        if (t.containsKey("serial")) serial = RolloutKeywords.serialOf(flat(render.apply(t.get("serial"))));
        if (t.containsKey("max_fail_percentage")) maxFail = RolloutKeywords.maxFailOf(render.apply(t.get("max_fail_percentage")));
        if (t.containsKey("any_errors_fatal")) fatal = RolloutKeywords.fatalOf(render.apply(t.get("any_errors_fatal")));
        return new Rollout(serial, maxFail, fatal, written.order());
    }

    /** {@code serial: ["{{ a }}", "{{ b }}"]} or a template that renders to a list: one list of entries. */
    private static Object flat(Object v) {
        if (!(v instanceof List<?> l)) return v;
        List<Object> out = new java.util.ArrayList<>();
        for (Object o : l) {
            if (o instanceof List<?> inner) out.addAll(inner);
            else out.add(o);
        }
        return out;
    }
}
