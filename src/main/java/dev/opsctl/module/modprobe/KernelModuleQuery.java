package dev.opsctl.module.modprobe;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;

/**
 * Whether a kernel module is loaded, as modprobe.py decides it: a line of {@code /proc/modules} for it ({@code -} read
 * as {@code _}), or a {@code /NAME.ko} line in the running kernel's {@code modules.builtin}. Null when neither file can
 * be read (modprobe.py fails then).
 */
public record KernelModuleQuery(String name) implements FactQuery<Boolean> {
    @Override
    public String key() {
        return "kmod:" + name;
    }

    @Override
    public String script() {
        // The line's first field is the module's name; a builtin's line ends in /NAME.ko.
        String builtin = "/" + name + ".ko";
        return "if [ ! -r /proc/modules ]; then echo unknown; "
                + "elif cut -d ' ' -f 1 /proc/modules | " + Shell.command("grep", "-qxF", "--", name.replace('-', '_')) + "; then echo loaded; "
                + "elif b=/lib/modules/$(uname -r)/modules.builtin; [ ! -r \"$b\" ]; then echo unknown; "
                + "elif " + Shell.command("awk", "-v", "s=" + builtin.replace("\\", "\\\\"),
                        "substr($0, length($0) - length(s) + 1) == s { f = 1 } END { exit !f }") + " \"$b\"; then echo loaded; "
                + "else echo absent; fi";
    }

    @Override
    public Boolean parse(String output) {
        return switch (output.strip()) {
            case "loaded" -> true;
            case "absent" -> false;
            default -> null;
        };
    }
}
