package dev.opsctl.module.files;

import dev.opsctl.facts.FileState;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.Payload;
import dev.opsctl.transport.Shell;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An atomic write of {@code content} to {@code path}: the bytes go as standard input into a temp file in the
 * target directory, which gets its mode and owner and is then renamed onto the path, so readers never see a
 * half-written file. Used by copy, template and lineinfile.
 *
 * @param attrs   the asked owner and group (its mode is given resolved, as {@code mode})
 * @param mode    the resolved mode to set, or null to keep the existing file's (or the umask default for a new one)
 * @param before  what is at the path now: an existing file's mode and owner are kept unless asked otherwise
 * @param backup  copy the old file to {@code PATH.PID.YYYY-MM-DD@HH:MM:SS~} first, as Ansible's backup does
 * @param makeParents create the target directory first ({@code mkdir -p})
 * @param validate    a command that must accept the temp file before the rename ({@code validate:}), or null
 */
public record FileWrite(String path, Payload content, FileAttrs attrs, Integer mode, FileState before,
                        boolean backup, boolean makeParents, Validation validate) {
    /** Printed by the step when it made a backup, so {@code register:} can report the backup's name. */
    public static final String BACKUP_MARKER = "backup_file=";
    private static final SecureRandom RANDOM = new SecureRandom();

    public FileWrite(String path, byte[] content, FileAttrs attrs, Integer mode, FileState before, boolean backup,
                     boolean makeParents, Validation validate) {
        this(path, Payload.of(content), attrs, mode, before, backup, makeParents, validate);
    }

    public FileWrite(String path, byte[] content, FileAttrs attrs, Integer mode, FileState before, boolean backup, boolean makeParents) {
        this(path, content, attrs, mode, before, backup, makeParents, null);
    }

    /** The predicted state of the path once written. */
    public FileState.Present after() {
        FileState.Present old = before instanceof FileState.Present p && p.kind() == FileState.Kind.FILE ? p : null;
        FileState.Present base = new FileState.Present(FileState.Kind.FILE, old != null ? old.mode() : -1,
                old != null ? old.owner() : FileAttrs.UNKNOWN, old != null ? old.group() : FileAttrs.UNKNOWN,
                content.size(), 0, 0, null, content.inMemory() ? content.bytes() : null, content.sha1(),
                old != null ? old.uid() : -1, old != null ? old.gid() : -1);
        if (mode != null) base = base.withMode(mode);
        return base.withOwnership(attrs.owner() != null ? attrs.owner() : base.owner(),
                attrs.group() != null ? attrs.group() : base.group());
    }

    /**
     * The write as one step. It starts as few processes as it can, since each costs the host a few milliseconds: the
     * shell creates the temp file itself (no mktemp) under a umask that gives it its final mode (no chmod unless the mode
     * has bits a created file cannot get), {@code cat} fills it, {@code chown} runs only where the owner changes, and
     * {@code mv} renames it into place.
     */
    public Step step() {
        String q = Shell.quote(path);
        String dir = parent(path);
        List<String> cmds = new ArrayList<>();
        if (makeParents) cmds.add("{ [ -d " + Shell.quote(dir) + " ] || " + Shell.command("mkdir", "-p", "--", dir) + "; }");
        if (backup && before.is(FileState.Kind.FILE)) {
            // The name is made on the host ($$ and date), as Ansible makes it in the module's process.
            cmds.add("b=" + q + ".$$.$(date +%Y-%m-%d@%H:%M:%S)~");
            // A copy cut short (a full disk) is no backup: it goes, and the write does not happen.
            cmds.add("{ " + Shell.command("cp", "-p", "--") + " " + q + " \"$b\" || { rm -f \"$b\"; false; }; }");
            cmds.add(Shell.command("echo") + " " + Shell.quote(BACKUP_MARKER) + "\"$b\"");
        }
        // An unguessable name, created exclusively (noclobber) in a subshell that becomes cat: no other process can
        // have put anything at it, which the check after it confirms before anything follows the name.
        // A hang-up or broken pipe (the connection dropped, the controller was interrupted) removes the temp file.
        cmds.add("trap 'rm -f \"$tmp\"; exit 1' HUP INT TERM PIPE");
        cmds.add("tmp=" + Shell.path(dir + "/.opsctl." + randomToken()));
        Integer create = createMode();
        cmds.add("( set -C" + (create == null ? "" : " && umask " + FileAttrs.octal(~create & 0777)) + " && exec cat > \"$tmp\" )");
        cmds.add("[ -f \"$tmp\" ] && [ ! -L \"$tmp\" ]");
        cmds.add(WriteChecks.transferComplete(content));
        cmds.addAll(attributeCommands(create));
        if (validate != null) cmds.add(validate.command("tmp"));
        cmds.addAll(WriteChecks.unchangedSincePlanned(path, before));
        cmds.add(Shell.command("mv", "-f", "--") + " \"$tmp\" " + q);
        // On any failure the temp file must not stay behind; the exit code still reports the failure.
        return new Step(Shell.and(cmds) + " || { rm -f \"$tmp\"; exit 1; }", content);
    }

    /** The mode to write with: the asked one, else the replaced file's; null for a new file's umask default. */
    private Integer finalMode() {
        if (mode != null && mode >= 0) return mode;
        FileState.Present old = replaced();
        return old == null ? null : old.mode();
    }

    /**
     * The regular file this write replaces, when its mode is known. A file an earlier task of this run writes
     * without a mode is predicted with an unknown mode and owner (the umask's and whoever runs the write); it is
     * written again the same way, as a new file.
     */
    private FileState.Present replaced() {
        return before instanceof FileState.Present p && p.kind() == FileState.Kind.FILE && p.mode() >= 0 ? p : null;
    }

    /** The permission bits a file created under a umask can get of {@link #finalMode()} (not x, setuid, sticky). */
    private Integer createMode() {
        Integer m = finalMode();
        return m == null ? null : m & 0666;
    }

    private static String randomToken() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private List<String> attributeCommands(Integer created) {
        String tmp = "\"$tmp\"";
        List<String> cmds = new ArrayList<>();
        FileState.Present old = replaced();
        Integer m = finalMode();
        if (m != null && !m.equals(created)) {
            cmds.add(Shell.command("chmod", "--", FileAttrs.octal(m)) + " " + tmp);
        } else if (m == null && mode != null) {
            // A new file gets the umask default (0666 & ~umask), as with Ansible, then a symbolic mode on top.
            cmds.add(Shell.command("chmod", "--", attrs.mode().chmodArgument()) + " " + tmp);
        }
        String asked = FileAttrs.ownerGroup(attrs.owner(), attrs.group());
        if (asked != null) cmds.add(Shell.command("chown", "--", asked) + " " + tmp);
        if (old != null) {
            // Keep the replaced file's owner where not asked otherwise; like Ansible, not being allowed to is no error.
            // Nothing to do when the new file already has them: the old one was ours, and so is its group (test's -O
            // and -G ask exactly that, for both files, with no process).
            String keep = FileAttrs.ownerGroup(attrs.owner() == null ? id(old.owner(), old.uid()) : null,
                    attrs.group() == null ? id(old.group(), old.gid()) : null);
            if (keep != null) {
                String same = (attrs.owner() == null ? "[ -O " + Shell.quote(path) + " ] && " : "")
                        + (attrs.group() == null ? "[ -G " + Shell.quote(path) + " ] && [ -G " + tmp + " ] && " : "");
                cmds.add("{ " + same + "true || " + Shell.command("chown", "--", keep) + " " + tmp + " 2>/dev/null || true; }");
            }
        }
        return cmds;
    }

    private static String id(String name, int id) {
        return id >= 0 ? String.valueOf(id) : name;
    }

    /** The directory part of {@code path} ("." for a bare name, "/" for a file in the root). */
    public static String parent(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        int i = p.lastIndexOf('/');
        if (i < 0) return ".";
        return i == 0 ? "/" : p.substring(0, i);
    }

    /** The last component of {@code path}. */
    public static String basename(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
