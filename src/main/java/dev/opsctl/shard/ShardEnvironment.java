package dev.opsctl.shard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --shard auto}: which shard this copy of opsctl is, from the variables the engine that started N copies sets.
 * Kubernetes Indexed Jobs set {@code JOB_COMPLETION_INDEX} (0-based; the count is {@code JOB_COMPLETIONS} when the
 * manifest passes it on, else {@code --shard-count}); Nomad sets {@code NOMAD_ALLOC_INDEX} (0-based; the count from
 * {@code --shard-count} or {@code OPSCTL_SHARD_COUNT}); anything else (a GitHub Actions matrix, a Jenkins parallel
 * branch) sets {@code OPSCTL_SHARD_INDEX} (1-based, as printed) with {@code --shard-count} or {@code OPSCTL_SHARD_COUNT}.
 */
public final class ShardEnvironment {
    public static final String K8S_INDEX = "JOB_COMPLETION_INDEX";
    public static final String K8S_COUNT = "JOB_COMPLETIONS";
    public static final String NOMAD_INDEX = "NOMAD_ALLOC_INDEX";
    public static final String INDEX = "OPSCTL_SHARD_INDEX";
    public static final String COUNT = "OPSCTL_SHARD_COUNT";

    private ShardEnvironment() {}

    /**
     * The shard {@code env} names; {@code count} is {@code --shard-count} or null.
     *
     * @throws IllegalArgumentException naming the variable when none, or more than one engine's, is set, or a value is
     *                                  not a number in range
     */
    public static Shard resolve(Map<String, String> env, Integer count) {
        List<String> set = new ArrayList<>();
        for (String v : List.of(K8S_INDEX, NOMAD_INDEX, INDEX)) if (present(env, v)) set.add(v);
        if (set.isEmpty()) {
            throw new IllegalArgumentException("--shard auto found none of " + K8S_INDEX + " (Kubernetes Indexed Job), " + NOMAD_INDEX
                    + " (Nomad) or " + INDEX + " (1-based, for a CI matrix) in the environment; give --shard K/N instead");
        }
        if (set.size() > 1) throw new IllegalArgumentException("--shard auto found both " + String.join(" and ", set) + "; set only one");
        String var = set.get(0);
        int index = number(env, var);
        if (!var.equals(INDEX)) index++; // Kubernetes and Nomad count from 0; shards are printed from 1
        int n = count != null ? count : countFrom(env, var.equals(K8S_INDEX) ? K8S_COUNT : COUNT);
        if (n < 1) throw new IllegalArgumentException("the shard count must be at least 1, not " + n);
        if (index < 1 || index > n) {
            throw new IllegalArgumentException(var + "=" + env.get(var).strip() + " is not a shard of " + n
                    + (var.equals(INDEX) ? " (it counts from 1)" : " (it counts from 0)"));
        }
        return new Shard(index, n);
    }

    private static int countFrom(Map<String, String> env, String var) {
        if (!present(env, var)) {
            throw new IllegalArgumentException("--shard auto needs the number of shards: give --shard-count N or set " + var);
        }
        return number(env, var);
    }

    private static boolean present(Map<String, String> env, String var) {
        return env.get(var) != null && !env.get(var).isBlank();
    }

    private static int number(Map<String, String> env, String var) {
        String v = env.get(var).strip();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(var + "='" + v + "' is not a whole number");
        }
    }
}
