package dev.opsctl.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A group of the inventory: its own variables and its direct child groups and hosts, in inventory order. */
public record Group(String name, Map<String, Object> vars, List<String> children, List<String> hosts) {
    public Group {
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        children = List.copyOf(children);
        hosts = List.copyOf(hosts);
    }
}
