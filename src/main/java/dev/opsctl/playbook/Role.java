package dev.opsctl.playbook;

import java.nio.file.Path;
import java.util.Map;

/**
 * A role as a task sees it: where its files are, and its variables.
 *
 * @param defaults {@code defaults/main.yml}: below inventory variables
 * @param vars     {@code vars/main.yml}: above play variables
 * @param params   variables given where the role is used ({@code roles: [{role: x, vars: ...}]}): above task variables
 */
public record Role(String name, Path dir, Map<String, Object> defaults, Map<String, Object> vars, Map<String, Object> params) {
    public Role {
        defaults = Map.copyOf(defaults);
        vars = Map.copyOf(vars);
        params = Map.copyOf(params);
    }
}
