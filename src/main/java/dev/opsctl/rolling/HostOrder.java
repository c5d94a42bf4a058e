package dev.opsctl.rolling;

import dev.opsctl.inventory.Host;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The play keyword {@code order}: in which order a play's hosts are taken (and so which land in which batch). */
public enum HostOrder {
    INVENTORY, REVERSE_INVENTORY, SORTED, REVERSE_SORTED, SHUFFLE;

    /** The keyword's value as written in a playbook ({@code reverse_inventory}). */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a keyword value; null when it names no order. */
    public static HostOrder of(String keyword) {
        for (HostOrder o : values()) if (o.keyword().equals(keyword)) return o;
        return null;
    }

    /** The hosts (given in inventory order) in this order. */
    public List<Host> apply(List<Host> hosts) {
        List<Host> out = new ArrayList<>(hosts);
        switch (this) {
            case INVENTORY -> { }
            case REVERSE_INVENTORY -> Collections.reverse(out);
            case SORTED -> out.sort(Comparator.comparing(Host::name));
            case REVERSE_SORTED -> out.sort(Comparator.comparing(Host::name).reversed());
            case SHUFFLE -> Collections.shuffle(out);
        }
        return out;
    }
}
