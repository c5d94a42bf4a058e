package dev.opsctl.exec;

import java.util.List;
import java.util.Map;

/**
 * What the user asked for one run.
 *
 * @param limit     a host pattern narrowing every play's hosts, or null
 * @param extraVars {@code -e} variables, the highest precedence
 * @param forks     hosts worked on at once
 */
public record RunSettings(Mode mode, String limit, Map<String, Object> extraVars, List<String> tags,
                          List<String> skipTags, boolean diff, int forks, Boolean become) {
    public RunSettings {
        extraVars = Map.copyOf(extraVars);
        tags = List.copyOf(tags);
        skipTags = List.copyOf(skipTags);
    }
}
