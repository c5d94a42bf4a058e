package dev.opsctl.rolling;

import java.util.List;
import java.util.Map;

/**
 * How a play goes over its hosts: the play keywords {@code serial}, {@code max_fail_percentage},
 * {@code any_errors_fatal} and {@code order}.
 *
 * @param serial             batch sizes (empty: every host in one batch)
 * @param maxFailPercentage  per batch: the play stops when more than this share of the batch failed; null for no limit
 * @param anyErrorsFatal     one failed host stops its whole batch before the next task, and the play
 * @param templated          those of the three keywords above written as templates, by keyword: rendered once per play
 *                           (playbook/PlayRollout); the typed fields hold their defaults meanwhile
 */
public record Rollout(List<BatchSize> serial, Double maxFailPercentage, boolean anyErrorsFatal, HostOrder order,
                      Map<String, Object> templated) {
    public static final Rollout ALL_AT_ONCE = new Rollout(List.of(), null, false, HostOrder.INVENTORY);

    public Rollout {
        serial = List.copyOf(serial);
        templated = templated == null ? Map.of() : Map.copyOf(templated);
    }

    public Rollout(List<BatchSize> serial, Double maxFailPercentage, boolean anyErrorsFatal, HostOrder order) {
        this(serial, maxFailPercentage, anyErrorsFatal, order, Map.of());
    }

    /** Whether a batch with {@code failed} of its {@code batchSize} hosts failed exceeds the failure limit. */
    public boolean tooManyFailed(int failed, int batchSize) {
        if (failed == 0) return false;
        if (anyErrorsFatal || failed == batchSize) return true;
        return maxFailPercentage != null && 100.0 * failed / batchSize > maxFailPercentage;
    }
}
