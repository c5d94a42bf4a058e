package dev.opsctl.module.files;

import dev.opsctl.facts.FileState;
import dev.opsctl.module.Args;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;

/** The common file arguments {@code mode}, {@code owner} and {@code group}; each null when not asked for. */
public record FileAttrs(ModeSpec mode, String owner, String group) {
    /** Shown where a predicted value cannot be known before apply (a new file's owner is whoever runs the write). */
    public static final String UNKNOWN = "(unknown)";

    public static FileAttrs parse(Args args) {
        return new FileAttrs(ModeSpec.parse(args, "mode"), blankToNull(args.string("owner")), blankToNull(args.string("group")));
    }

    public boolean isEmpty() {
        return mode == null && owner == null && group == null;
    }

    /** "0644"; "(unknown)" for -1. */
    public static String octal(int mode) {
        return mode < 0 ? UNKNOWN : String.format("%04o", mode);
    }

    /** Whether a user or group named {@code wanted} (a name or a numeric id) is the one with {@code name} and {@code id}. */
    public static boolean sameId(String wanted, String name, int id) {
        if (wanted.matches("\\d+") && id >= 0) return Integer.parseInt(wanted) == id;
        return wanted.equals(name);
    }

    /** One line per attribute of {@code current} that differs from what is asked ("mode 0644 -> 0640"). */
    public List<String> differences(FileState.Present current) {
        List<String> out = new ArrayList<>();
        boolean dir = current.kind() == FileState.Kind.DIRECTORY;
        if (mode != null) {
            int want = mode.resolve(current.mode(), dir);
            if (want != current.mode()) out.add("mode " + octal(current.mode()) + " -> " + octal(want));
        }
        if (owner != null && !sameId(owner, current.owner(), current.uid())) out.add("owner " + current.owner() + " -> " + owner);
        if (group != null && !sameId(group, current.group(), current.gid())) out.add("group " + current.group() + " -> " + group);
        return out;
    }

    /** {@code current} with the asked attributes applied: the predicted state. */
    public FileState.Present applyTo(FileState.Present current) {
        FileState.Present p = current;
        if (mode != null) p = p.withMode(mode.resolve(current.mode(), current.kind() == FileState.Kind.DIRECTORY));
        String o = owner == null || sameId(owner, p.owner(), p.uid()) ? p.owner() : owner;
        String g = group == null || sameId(group, p.group(), p.gid()) ? p.group() : group;
        return p.withOwnership(o, g);
    }

    /**
     * chmod/chown commands that give {@code target} (an already quoted shell word) the asked attributes;
     * {@code resolvedMode} is the mode to set (-1: apply the symbolic mode on the host) or null to leave it.
     */
    public List<String> commands(String target, Integer resolvedMode) {
        List<String> out = new ArrayList<>();
        if (resolvedMode != null) {
            String arg = resolvedMode < 0 && mode != null ? mode.chmodArgument() : octal(resolvedMode);
            if (resolvedMode >= 0 || mode != null) out.add(Shell.command("chmod", "--", arg) + " " + target);
        }
        String who = ownerGroup(owner, group);
        if (who != null) out.add(Shell.command("chown", "-h", "--", who) + " " + target);
        return out;
    }

    /** chmod/chown commands for {@code target} (a quoted shell word) for just the attributes of {@code current} that differ. */
    public List<String> fixes(String target, FileState.Present current) {
        FileState.Present after = applyTo(current);
        boolean owned = after.owner().equals(current.owner()) && after.group().equals(current.group());
        Integer m = after.mode() != current.mode() ? after.mode() : null;
        return new FileAttrs(null, owned ? null : owner, owned ? null : group).commands(target, m);
    }

    /** The chown argument for {@code owner} and {@code group} ("app:web", "app", ":web"), or null when both are null. */
    static String ownerGroup(String owner, String group) {
        if (owner == null && group == null) return null;
        return (owner == null ? "" : owner) + (group == null ? "" : ":" + group);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
