package dev.opsctl.exec;

import java.util.List;
import java.util.Map;

/**
 * What the user asked for one run.
 *
 * @param limit     a host pattern narrowing every play's hosts, or null
 * @param extraVars {@code -e} variables, the highest precedence
 * @param forks     hosts worked on at once
 * @param become    {@code --become}: the default when neither play, task nor inventory says; null when not given
 */
public record RunSettings(Mode mode, String limit, Map<String, Object> extraVars, List<String> tags,
                          List<String> skipTags, boolean diff, int forks, Boolean become, String becomeUser,
                          String becomePassword) {
    public RunSettings {
        extraVars = Map.copyOf(extraVars);
        tags = List.copyOf(tags);
        skipTags = List.copyOf(skipTags);
    }

    /** Never shows the become password. */
    @Override
    public String toString() {
        return "RunSettings[mode=" + mode + ", limit=" + limit + ", tags=" + tags + ", forks=" + forks + "]";
    }
}
