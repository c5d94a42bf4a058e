package dev.opsctl.exec;

import dev.opsctl.inventory.Host;
import dev.opsctl.inventory.Inventory;
import dev.opsctl.template.Data;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code hostvars}: each host's inventory variables, under what this run gathered and set on it so far (facts, then
 * set_fact and register values), as the host last published them ({@link HostState#publish}, at each task's start and
 * at the end of its play). In a play that reads them the hosts go in step ({@link LockstepRule}), so another host's
 * values are those it had when the task before this one ended everywhere, as in Ansible's linear strategy.
 */
final class HostVars extends AbstractMap<String, Object> {
    private final Inventory inventory;
    private final Map<String, HostState> states;
    private final Map<String, Map<String, Object>> inventoryVars = new ConcurrentHashMap<>();

    HostVars(Inventory inventory, Map<String, HostState> states) {
        this.inventory = inventory;
        this.states = states;
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String name) || inventory.host(name).isEmpty()) return null;
        Map<String, Object> base = inventoryVars.computeIfAbsent(name, n -> {
            Map<String, Object> v = new LinkedHashMap<>(inventory.hostVars(n));
            v.put("inventory_hostname", n);
            return v;
        });
        HostState state = states.get(name);
        Map<String, Object> published = state == null ? null : state.published();
        if (published == null || published.isEmpty()) return base;
        // What a host gathered, registered or set is data: a set_fact string of remote output must not render again.
        return Data.over(base, published);
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && inventory.host(name).isPresent();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Set<Entry<String, Object>> entries = new LinkedHashSet<>();
        for (Host h : inventory.hosts()) entries.add(new SimpleImmutableEntry<>(h.name(), get(h.name())));
        return entries;
    }
}
