package dev.opsctl.approval;

import dev.opsctl.config.AnsibleConfig;
import dev.opsctl.inventory.Inventory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How many approvals the hosts of a run need ({@code opsctl_approvals: N}, usually beside {@code opsctl_protected}
 * on a group), and the allowed_signers file that says whose they may be ({@code opsctl_allowed_signers}, else
 * ansible.cfg's {@code [opsctl] allowed_signers}).
 *
 * @param name the group that sets {@code opsctl_approvals} (the host's name when the host sets it)
 * @param allowedSigners null when neither the variable nor ansible.cfg names one
 */
public record ApprovalRule(String name, int count, Path allowedSigners, List<String> hosts) {
    public static final String COUNT_VAR = "opsctl_approvals";
    public static final String SIGNERS_VAR = "opsctl_allowed_signers";

    /** The rules for {@code hosts}, one per group (and allowed_signers file); hosts that need no approval have none. */
    public static List<ApprovalRule> of(Inventory inv, Collection<String> hosts, AnsibleConfig cfg) {
        record Key(String name, int count, Path signers) {}
        Map<Key, List<String>> byKey = new TreeMap<>(java.util.Comparator.comparing(Key::name)
                .thenComparing(Key::count).thenComparing(k -> Objects.toString(k.signers())));
        for (String host : hosts) {
            Map<String, Object> vars = inv.hostVars(host);
            int count = count(host, vars.get(COUNT_VAR));
            if (count <= 0) continue;
            byKey.computeIfAbsent(new Key(nameOf(inv, host), count, signers(vars.get(SIGNERS_VAR), cfg)), k -> new ArrayList<>()).add(host);
        }
        List<ApprovalRule> rules = new ArrayList<>();
        byKey.forEach((k, h) -> rules.add(new ApprovalRule(k.name(), k.count(), k.signers(), List.copyOf(h))));
        return rules;
    }

    /** "production (h1, h2)" for a message. */
    public String describe() {
        return name + " (" + String.join(", ", hosts) + ")";
    }

    private static int count(String host, Object value) {
        if (value == null || Boolean.FALSE.equals(value)) return 0;
        if (value instanceof Integer || value instanceof Long) return ((Number) value).intValue();
        if (value instanceof String s && s.strip().matches("\\d+")) return Integer.parseInt(s.strip());
        throw new IllegalArgumentException(host + ": " + COUNT_VAR + " must be a whole number of approvals, not '" + value + "'");
    }

    private static String nameOf(Inventory inv, String host) {
        if (inv.ownHostVar(host, COUNT_VAR).isPresent()) return host;
        for (String g : inv.groupNames(host)) {
            if (inv.ownGroupVar(g, COUNT_VAR).isPresent()) return g;
        }
        return inv.ownGroupVar("all", COUNT_VAR).isPresent() ? "all" : host;
    }

    /** A variable's path is taken from the working directory (as Ansible's key file paths); ansible.cfg's from its directory. */
    private static Path signers(Object var, AnsibleConfig cfg) {
        if (var != null && !var.toString().isBlank()) return home(var.toString().strip(), Path.of(""));
        return cfg.setting("opsctl", "allowed_signers", null)
                .map(v -> home(v.strip(), cfg.found().map(f -> cfg.dir()).orElse(Path.of(""))))
                .orElse(null);
    }

    private static Path home(String path, Path base) {
        if (path.equals("~") || path.startsWith("~/")) return Path.of(System.getProperty("user.home"), path.substring(1).replaceFirst("^/", ""));
        return base.resolve(path);
    }
}
