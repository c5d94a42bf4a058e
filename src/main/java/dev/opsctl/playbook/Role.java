package dev.opsctl.playbook;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
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
        defaults = frozen(defaults);
        vars = frozen(vars);
        params = frozen(params);
    }

    /**
     * {@code ansible_role_name}: a collection role's fully qualified name ({@code ns.coll.role}, found under
     * {@code ansible_collections/ns/coll/roles/role}), else its name.
     */
    public String qualifiedName() {
        Path roles = dir.toAbsolutePath().normalize().getParent();
        if (roles == null || !roles.getFileName().toString().equals("roles") || roles.getParent() == null) return name;
        Path coll = roles.getParent();
        Path ns = coll.getParent();
        if (ns == null || ns.getParent() == null || ns.getParent().getFileName() == null
                || !ns.getParent().getFileName().toString().equals("ansible_collections")) return name;
        return ns.getFileName() + "." + coll.getFileName() + "." + name;
    }

    /** An unmodifiable copy in file order; YAML's empty values ({@code proxy:}) are nulls, which Map.copyOf refuses. */
    private static Map<String, Object> frozen(Map<String, Object> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
