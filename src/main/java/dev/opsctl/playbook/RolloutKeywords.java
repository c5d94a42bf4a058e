package dev.opsctl.playbook;

import dev.opsctl.diag.Diagnostics;
import dev.opsctl.diag.Suggest;
import dev.opsctl.module.Args;
import dev.opsctl.rolling.BatchSize;
import dev.opsctl.rolling.HostOrder;
import dev.opsctl.rolling.Rollout;
import dev.opsctl.yaml.YamlFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reads the play keywords serial, max_fail_percentage, any_errors_fatal and order, and the task keyword throttle. */
final class RolloutKeywords {
    static final String THROTTLE = "throttle";

    private final YamlFile yaml;
    private final Diagnostics problems;

    RolloutKeywords(YamlFile yaml, Diagnostics problems) {
        this.yaml = yaml;
        this.problems = problems;
    }

    Rollout play(Map<?, ?> raw, Map<String, Object> m) {
        List<BatchSize> serial = new ArrayList<>();
        Object s = m.get("serial");
        for (Object entry : s == null ? List.of() : s instanceof List<?> l ? l : List.of(s)) {
            try {
                serial.add(BatchSize.parse(entry));
            } catch (IllegalArgumentException e) {
                problems.error(yaml.keyAt(raw, "serial"), "'serial': " + e.getMessage());
            }
        }
        if (s instanceof List<?> l && l.isEmpty()) problems.error(yaml.keyAt(raw, "serial"), "'serial' must not be an empty list");
        Double maxFail = null;
        Object mf = m.get("max_fail_percentage");
        if (mf != null) {
            try {
                // Ansible reads it as a percent: 30, 30.5 and "30%" alike.
                String text = String.valueOf(mf).strip();
                maxFail = Double.parseDouble(text.endsWith("%") ? text.substring(0, text.length() - 1) : text);
                if (maxFail < 0 || maxFail > 100) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                problems.error(yaml.keyAt(raw, "max_fail_percentage"), "'max_fail_percentage' must be a number from 0 to 100, not '" + mf + "'");
                maxFail = null;
            }
        }
        boolean fatal = false;
        if (m.get("any_errors_fatal") != null) {
            Boolean b = Args.toBool(m.get("any_errors_fatal"));
            if (b == null) problems.error(yaml.keyAt(raw, "any_errors_fatal"), "'any_errors_fatal' must be a boolean, not '" + m.get("any_errors_fatal") + "'");
            fatal = Boolean.TRUE.equals(b);
        }
        HostOrder order = HostOrder.INVENTORY;
        if (m.get("order") != null) {
            String o = String.valueOf(m.get("order"));
            order = HostOrder.of(o);
            if (order == null) {
                List<String> known = Arrays.stream(HostOrder.values()).map(HostOrder::keyword).toList();
                problems.error(yaml.keyAt(raw, "order"), "'order' must be one of " + String.join(", ", known) + ", not '" + o + "'"
                        + Suggest.didYouMean(o, known));
                order = HostOrder.INVENTORY;
            }
        }
        return new Rollout(serial, maxFail, fatal, order);
    }

    /** The task's throttle, or null when it has none (Ansible: 0 means no limit). */
    Integer throttle(Map<?, ?> raw, Map<String, Object> m) {
        Object t = m.get(THROTTLE);
        if (t == null) return null;
        try {
            int n = Integer.parseInt(String.valueOf(t).strip());
            if (n < 0) throw new NumberFormatException();
            return n == 0 ? null : n;
        } catch (NumberFormatException e) {
            problems.error(yaml.keyAt(raw, THROTTLE), "'throttle' must be a whole number of hosts, not '" + t + "'");
            return null;
        }
    }
}
