package dev.opsctl.exec;

import dev.opsctl.plan.Mode;
import dev.opsctl.plan.ReviewedPlan;
import dev.opsctl.transport.access.BecomeDefaults;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the user asked for one run.
 *
 * @param limit     a host pattern narrowing every play's hosts, or null
 * @param extraVars {@code -e} variables, the highest precedence
 * @param forks     hosts worked on at once
 * @param become    {@code --become}: the default when neither play, task nor inventory says; null when not given
 * @param only      host names the run is narrowed to on top of {@code limit} (a saved plan's changed hosts), or null
 * @param reviewed  the plan someone reviewed, whose steps the run carries out (a saved plan, or the plan apply showed),
 *                  or null to plan every task afresh
 */
public record RunSettings(Mode mode, String limit, Map<String, Object> extraVars, List<String> tags,
                          List<String> skipTags, boolean diff, int forks, Boolean become, String becomeUser,
                          String becomePassword, Set<String> only, ReviewedPlan reviewed) {
    public RunSettings {
        extraVars = Map.copyOf(extraVars);
        tags = List.copyOf(tags);
        skipTags = List.copyOf(skipTags);
        only = only == null ? null : Set.copyOf(only);
    }

    public RunSettings(Mode mode, String limit, Map<String, Object> extraVars, List<String> tags, List<String> skipTags,
                       boolean diff, int forks, Boolean become, String becomeUser, String becomePassword) {
        this(mode, limit, extraVars, tags, skipTags, diff, forks, become, becomeUser, becomePassword, null, null);
    }

    public RunSettings(Mode mode, String limit, Map<String, Object> extraVars, List<String> tags, List<String> skipTags,
                       boolean diff, int forks, Boolean become, String becomeUser, String becomePassword, Set<String> only) {
        this(mode, limit, extraVars, tags, skipTags, diff, forks, become, becomeUser, becomePassword, only, null);
    }

    /** The same run in another mode, narrowed to {@code hosts}. */
    public RunSettings with(Mode m, Set<String> hosts) {
        return new RunSettings(m, limit, extraVars, tags, skipTags, diff, forks, become, becomeUser, becomePassword, hosts, reviewed);
    }

    /** The same run, carrying out the steps of {@code plan} where it holds them (plan/ReviewedPlan). */
    public RunSettings reviewing(ReviewedPlan plan) {
        return new RunSettings(mode, limit, extraVars, tags, skipTags, diff, forks, become, becomeUser, becomePassword, only, plan);
    }

    /** The command line's become options, the lowest level of the become precedence. */
    public BecomeDefaults becomeDefaults() {
        return new BecomeDefaults(become, becomeUser, becomePassword);
    }

    /** Never shows the become password. */
    @Override
    public String toString() {
        return "RunSettings[mode=" + mode + ", limit=" + limit + ", tags=" + tags + ", forks=" + forks + "]";
    }
}
