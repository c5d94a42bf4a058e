package dev.opsctl.module.packages;

import dev.opsctl.facts.FactQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * The packages {@code apt-get autoremove} would remove now (installed as dependencies, no longer needed), from a
 * simulation that changes nothing and takes no lock. Only a task with {@code autoremove} and no package names asks.
 */
record AutoremoveQuery(boolean purge) implements FactQuery<List<AutoremoveQuery.Removal>> {
    /** One package the simulation removes, with its installed version. */
    record Removal(String name, String version) {}

    @Override
    public String key() {
        return "apt_autoremove:" + purge;
    }

    @Override
    public String script() {
        return "LC_ALL=C apt-get -s -o Debug::NoLocking=1 " + (purge ? "--purge " : "") + "autoremove";
    }

    /** The simulation prints {@code Remv NAME [VERSION]} (or {@code Purg}) for each package it removes. */
    @Override
    public List<Removal> parse(String output) {
        List<Removal> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] w = line.split(" ");
            if (w.length < 2 || !(w[0].equals("Remv") || w[0].equals("Purg"))) continue;
            String version = w.length > 2 && w[2].startsWith("[") ? w[2].replaceAll("^\\[|\\]$", "") : null;
            out.add(new Removal(w[1], version));
        }
        return out;
    }
}
