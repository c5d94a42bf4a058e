package dev.opsctl.module.files;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.PlanException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SELinux file arguments ({@code seuser}, {@code serole}, {@code setype}, {@code selevel}) of the modules that
 * write files. Ansible sets a file's context only where SELinux is enabled and ignores them elsewhere
 * (module_utils/basic.py: set_context_if_different returns at once when selinux_enabled() is false). opsctl sets no
 * contexts: they are ignored on a host without SELinux, as there, and an error of the task where it is enabled.
 */
public final class SelinuxContext {
    /** The argument names, as every module that writes files takes them. */
    public static final List<String> ARGS = List.of("seuser", "serole", "setype", "selevel");

    private SelinuxContext() {}

    /** {@code spec} that also accepts the SELinux arguments. */
    public static ArgSpec accepting(ArgSpec spec) {
        Set<String> names = new LinkedHashSet<>(spec.names());
        names.addAll(ARGS);
        return new ArgSpec(names, spec.required(), spec.freeForm(), spec.open());
    }

    /** The SELinux arguments given a value among a task's rendered arguments ("seuser, setype"), or null when none is. */
    public static String asked(Map<String, Object> args) {
        List<String> given = ARGS.stream().filter(a -> args.get(a) != null).toList();
        return given.isEmpty() ? null : String.join(", ", given);
    }

    /**
     * Refuses the task on a host where SELinux is enabled; {@code given} is what {@link #asked} said, {@code facts}
     * holds the answer to {@link Enabled}.
     */
    public static void refuseWhereEnabled(String given, Facts facts) {
        if (facts.get(new Enabled())) {
            throw new PlanException(given + ": SELinux is enabled on this host and opsctl does not set SELinux contexts "
                    + "(Ansible would); remove them or run this task with Ansible");
        }
    }

    /**
     * Whether SELinux is enabled on the host, as libselinux's is_selinux_enabled() tells it: selinuxfs mounted with a
     * policy loaded. {@code selinuxenabled} answers that where installed; else the mounted selinuxfs's
     * {@code enforce} file stands for it.
     */
    public record Enabled() implements FactQuery<Boolean> {
        @Override
        public String key() {
            return "selinux-enabled";
        }

        @Override
        public String script() {
            return "if command -v selinuxenabled >/dev/null 2>&1; then if selinuxenabled; then echo yes; else echo no; fi; "
                    + "elif [ -e /sys/fs/selinux/enforce ]; then echo yes; else echo no; fi";
        }

        @Override
        public Boolean parse(String output) {
            return output.strip().equals("yes");
        }
    }
}
