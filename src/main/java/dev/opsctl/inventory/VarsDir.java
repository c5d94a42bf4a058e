package dev.opsctl.inventory;

import java.util.Map;

/** The contents of one directory's group_vars/ and host_vars/, by group or host name. */
record VarsDir(Map<String, Map<String, Object>> groupVars, Map<String, Map<String, Object>> hostVars) {
    static final VarsDir EMPTY = new VarsDir(Map.of(), Map.of());

    VarsDir {
        groupVars = Map.copyOf(groupVars);
        hostVars = Map.copyOf(hostVars);
    }

    Map<String, Object> group(String name) {
        return groupVars.getOrDefault(name, Map.of());
    }

    Map<String, Object> host(String name) {
        return hostVars.getOrDefault(name, Map.of());
    }
}
