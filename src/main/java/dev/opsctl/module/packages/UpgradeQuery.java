package dev.opsctl.module.packages;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * What an apt upgrade would do now, from a simulation that changes nothing and takes no lock
 * ({@code apt-get -s dist-upgrade}, or {@code upgrade --with-new-pkgs}). Only a task with {@code upgrade} asks.
 *
 * @param command the apt-get words: "dist-upgrade" or "upgrade --with-new-pkgs"
 */
record UpgradeQuery(String command) implements FactQuery<List<UpgradeQuery.Operation>> {
    /** One package the upgrade installs, upgrades ({@code from} set) or removes ({@code to} null). */
    record Operation(String name, String from, String to) {}

    @Override
    public String key() {
        return "apt_upgrade:" + command;
    }

    @Override
    public String script() {
        List<String> words = new ArrayList<>(List.of("apt-get", "-s", "-o", "Debug::NoLocking=1"));
        words.addAll(List.of(command.split(" ")));
        return "LC_ALL=C " + Shell.command(words);
    }

    /** {@code Inst NAME [OLD] (NEW origin [arch])} for an install or upgrade, {@code Remv NAME [OLD]} for a removal. */
    @Override
    public List<Operation> parse(String output) {
        List<Operation> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] w = line.split(" ");
            if (w.length < 2) continue;
            String old = w.length > 2 && w[2].startsWith("[") ? w[2].replaceAll("^\\[|\\]$", "") : null;
            if (w[0].equals("Inst")) {
                int open = line.indexOf(" (");
                String to = open < 0 ? null : line.substring(open + 2).split(" ")[0];
                out.add(new Operation(w[1], old, to));
            } else if (w[0].equals("Remv") || w[0].equals("Purg")) {
                out.add(new Operation(w[1], old, null));
            }
        }
        return out;
    }
}
