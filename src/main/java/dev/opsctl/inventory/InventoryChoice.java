package dev.opsctl.inventory;

import dev.opsctl.config.AnsibleConfig;
import dev.opsctl.config.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which inventory a run uses, chosen as Ansible chooses it: {@code -i}, else {@code ANSIBLE_INVENTORY}, else
 * {@code inventory} in ansible.cfg's {@code [defaults]}, else {@code /etc/ansible/hosts} if it exists, else none (only
 * the implicit localhost, which the pattern {@code all} does not match).
 *
 * @param sources the inventory sources, empty for none
 * @param origin  where they came from, for the first line of a plan
 */
public record InventoryChoice(List<Path> sources, String origin) {
    public InventoryChoice {
        sources = List.copyOf(sources);
    }

    public static InventoryChoice resolve(List<Path> given, Environment env) {
        if (!given.isEmpty()) return new InventoryChoice(given, "-i");
        String fromEnv = env.variable("ANSIBLE_INVENTORY");
        if (fromEnv != null && !fromEnv.isBlank()) return new InventoryChoice(paths(fromEnv, env.cwd()), "ANSIBLE_INVENTORY");
        AnsibleConfig cfg = AnsibleConfig.find(env);
        String fromCfg = cfg.defaults("inventory").orElse(null);
        if (fromCfg != null && !fromCfg.isBlank()) {
            // Ansible's pathlist settings are relative to the configuration file's directory.
            return new InventoryChoice(paths(fromCfg, cfg.dir()), "inventory in " + display(cfg.file(), env.cwd()));
        }
        Path etcHosts = env.etcAnsible().resolve("hosts");
        if (Files.exists(etcHosts)) return new InventoryChoice(List.of(etcHosts), "Ansible's default");
        return new InventoryChoice(List.of(), "none");
    }

    /** True when no inventory was found: only the implicit localhost exists. */
    public boolean implicitOnly() {
        return sources.isEmpty();
    }

    /** "Inventory: hosts.yml (-i)" or "Inventory: none (only the implicit localhost, which 'all' does not match)". */
    public String describe(Path cwd) {
        if (implicitOnly()) return "Inventory: none (only the implicit localhost, which 'all' and groups do not match)";
        List<String> shown = new ArrayList<>();
        for (Path p : sources) shown.add(display(p, cwd));
        return "Inventory: " + String.join(", ", shown) + " (" + origin + ")";
    }

    private static List<Path> paths(String list, Path base) {
        List<Path> out = new ArrayList<>();
        for (String part : list.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            if (p.startsWith("~/")) p = System.getProperty("user.home") + p.substring(1);
            out.add(base.resolve(p).normalize());
        }
        return out;
    }

    private static String display(Path p, Path cwd) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
