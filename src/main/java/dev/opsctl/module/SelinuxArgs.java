package dev.opsctl.module;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SELinux arguments every Ansible module that writes files takes (seuser, serole, setype, selevel). Ansible sets
 * them only where SELinux is enabled and ignores them elsewhere; roles pass them unconditionally (geerlingguy.mysql's
 * datadir has setype: mysqld_db_t). opsctl cannot set a context, so such a task fails on a host where SELinux is
 * enabled, and runs as Ansible does (the arguments ignored) on every other host.
 */
public final class SelinuxArgs {
    public static final Set<String> NAMES = Set.of("seuser", "serole", "setype", "selevel");

    private SelinuxArgs() {}

    /** The SELinux arguments a task passes, in a stable order. */
    public static List<String> in(Map<String, ?> args) {
        return args.keySet().stream().filter(NAMES::contains).sorted().toList();
    }

    /** Why the task cannot run on a host where SELinux is enabled. */
    public static String refusal(List<String> names) {
        return (names.size() == 1 ? "argument '" + names.get(0) + "' is" : "arguments " + String.join(", ", names) + " are")
                + " not supported by opsctl on a host where SELinux is enabled (opsctl cannot set SELinux contexts)";
    }
}
