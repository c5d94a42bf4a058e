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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the play keywords serial, max_fail_percentage, any_errors_fatal and order, and the task keyword throttle. */
public final class RolloutKeywords {
    public static final String THROTTLE = "throttle";

    private final YamlFile yaml;
    private final Diagnostics problems;

    RolloutKeywords(YamlFile yaml, Diagnostics problems) {
        this.yaml = yaml;
        this.problems = problems;
    }

    /**
     * The play's rollout; {@code serial}, {@code max_fail_percentage} and {@code any_errors_fatal} written as templates
     * are kept in {@link Rollout#templated()} and rendered once per play before any host is contacted ({@link PlayRollout}).
     */
    Rollout play(Map<?, ?> raw, Map<String, Object> m) {
        Map<String, Object> templated = new LinkedHashMap<>();
        List<BatchSize> serial = List.of();
        Double maxFail = null;
        boolean fatal = false;
        for (String key : List.of("serial", "max_fail_percentage", "any_errors_fatal")) {
            Object v = m.get(key);
            if (v == null) continue;
            if (isTemplate(v) || v instanceof List<?> l && l.stream().anyMatch(RolloutKeywords::isTemplate)) {
                templated.put(key, v);
                continue;
            }
            try {
                switch (key) {
                    case "serial" -> serial = serialOf(v);
                    case "max_fail_percentage" -> maxFail = maxFailOf(v);
                    default -> fatal = fatalOf(v);
                }
            } catch (IllegalArgumentException e) {
                problems.error(yaml.keyAt(raw, key), e.getMessage());
            }
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
        return new Rollout(serial, maxFail, fatal, order, templated);
    }

    /** {@code serial}: one batch size or a list of them. */
    static List<BatchSize> serialOf(Object s) {
        if (s instanceof List<?> l && l.isEmpty()) throw new IllegalArgumentException("'serial' must not be an empty list");
        List<BatchSize> serial = new ArrayList<>();
        for (Object entry : s instanceof List<?> l ? l : List.of(s)) {
            try {
                serial.add(BatchSize.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'serial': " + e.getMessage());
            }
        }
        return serial;
    }

    /** {@code max_fail_percentage}: Ansible reads it as a percent, 30, 30.5 and "30%" alike. */
    static Double maxFailOf(Object mf) {
        try {
            String text = String.valueOf(mf).strip();
            double maxFail = Double.parseDouble(text.endsWith("%") ? text.substring(0, text.length() - 1) : text);
            if (maxFail < 0 || maxFail > 100) throw new NumberFormatException();
            return maxFail;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'max_fail_percentage' must be a number from 0 to 100, not '" + mf + "'");
        }
    }

    static boolean fatalOf(Object v) {
        Boolean b = Args.toBool(v);
        if (b == null) throw new IllegalArgumentException("'any_errors_fatal' must be a boolean, not '" + v + "'");
        return b;
    }

    /**
     * The task's throttle, or null when it has none (Ansible: 0 means no limit) or when it is a template: that goes to
     * {@code templated}, rendered with the host's variables when the task runs, as Ansible's strategy does.
     */
    Integer throttle(Map<?, ?> raw, Map<String, Object> m, Map<String, Object> templated) {
        Object t = m.get(THROTTLE);
        if (t == null) return null;
        if (isTemplate(t)) {
            templated.put(THROTTLE, t);
            return null;
        }
        try {
            return throttleOf(t);
        } catch (IllegalArgumentException e) {
            problems.error(yaml.keyAt(raw, THROTTLE), e.getMessage());
            return null;
        }
    }

    /** A throttle value: a whole number of hosts, 0 for no limit (null). */
    public static Integer throttleOf(Object t) {
        try {
            int n = Integer.parseInt(String.valueOf(t).strip());
            if (n < 0) throw new NumberFormatException();
            return n == 0 ? null : n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'throttle' must be a whole number of hosts, not '" + t + "'");
        }
    }

    /** A keyword value written as a template, rendered when the run knows its variables. */
    static boolean isTemplate(Object v) {
        return v instanceof String s && (s.contains("{{") || s.contains("{%"));
    }
}
