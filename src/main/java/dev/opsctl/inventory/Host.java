package dev.opsctl.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A host of the inventory with its own inline variables (group and file variables are merged by {@link Inventory#hostVars}). */
public record Host(String name, Map<String, Object> vars) {
    public Host {
        // YAML inventories may hold null values, which Map.copyOf rejects.
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    }
}
