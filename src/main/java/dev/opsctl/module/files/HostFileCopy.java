package dev.opsctl.module.files;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.Shell;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * copy with {@code remote_src: true}: a regular file already on the host copied to {@code dest} there, as Ansible's
 * copy module does it. Compared by SHA-1; the copy is made in a temp file beside the destination (with the source's
 * times, as shutil.copystat gives it), checked against the planned source content, given its mode and owner (the
 * replaced file's, else the umask default, unless asked) and renamed into place. A directory as {@code src} is refused.
 *
 * @param preserveMode {@code mode: preserve}: the source's mode
 */
public record HostFileCopy(String src, String dest, FileAttrs attrs, boolean preserveMode, boolean force, Validation validate) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Reads copy's arguments for remote_src; the ones that need the controller's file are refused. */
    public static HostFileCopy parse(Args args) {
        String src = args.requiredString("src");
        if (args.has("content")) throw new ArgException("remote_src and content are mutually exclusive");
        if (args.bool("backup", false)) throw new ArgException("argument 'backup' is not supported with remote_src");
        if (args.has("decrypt")) throw new ArgException("argument 'decrypt' does not work with remote_src (Ansible ignores it too)");
        Object mode = args.raw("mode");
        boolean preserve = mode != null && String.valueOf(mode).strip().equals("preserve");
        Map<String, Object> rest = new LinkedHashMap<>(args.values());
        if (preserve) rest.remove("mode");
        return new HostFileCopy(src, args.requiredString("dest"), FileAttrs.parse(new Args(args.module(), rest)), preserve,
                args.bool("force", true), Validation.parse(args));
    }

    public List<FactQuery<?>> facts() {
        List<FactQuery<?>> q = new ArrayList<>();
        q.add(new FileQuery(src, true));
        q.add(new FileQuery(trimSlash(dest), true));
        q.add(new FileQuery(FileWrite.parent(trimSlash(dest)), false));
        q.add(new FileQuery(inside(trimSlash(dest)), true));
        return q;
    }

    public Planned plan(Facts facts) {
        FileState source = facts.get(new FileQuery(src, true));
        if (!(source instanceof FileState.Present s)) throw new PlanException("Source " + src + " not found");
        if (s.kind() == FileState.Kind.DIRECTORY) {
            throw new PlanException("copying a directory with remote_src (" + src + ") is not supported; copy its files, "
                    + "or use synchronize or command");
        }
        if (s.kind() != FileState.Kind.FILE) throw new PlanException("Cannot copy invalid source '" + src + "': not a file");
        if (s.sha1() == null) throw new PlanException("Source " + src + " not readable");
        String target = trimSlash(dest);
        boolean makeParents = false;
        FileState d = facts.get(new FileQuery(target, true));
        if (d.is(FileState.Kind.DIRECTORY)) {
            target = inside(target);
        } else if (dest.endsWith("/")) {
            // As Ansible: a dest ending in / is a directory, created when missing; the file keeps the source's name.
            if (d.exists()) throw new PlanException("Destination " + target + " is not a directory");
            makeParents = true;
            target = inside(target);
        } else if (!facts.get(new FileQuery(FileWrite.parent(target), false)).is(FileState.Kind.DIRECTORY)) {
            throw new PlanException("Destination directory " + FileWrite.parent(target) + " does not exist");
        }
        FileState before = makeParents ? FileState.ABSENT : facts.get(new FileQuery(target, true));
        FileAttrs wanted = preserveMode ? new FileAttrs(new ModeSpec(s.mode() & 07777, null), attrs.owner(), attrs.group()) : attrs;
        return planAt(target, s, before, wanted, makeParents);
    }

    private Planned planAt(String path, FileState.Present source, FileState before, FileAttrs wanted, boolean makeParents) {
        String summary = "file " + path;
        if (before.exists() && !force) return new Planned(Change.none(summary, "already exists (force=no)"));
        if (before.is(FileState.Kind.DIRECTORY)) throw new PlanException("Destination " + path + " is a directory");
        FileState.Present old = before instanceof FileState.Present p ? p : null;
        boolean oldFile = old != null && old.kind() == FileState.Kind.FILE;
        if (oldFile && source.sha1().equals(old.sha1())) {
            Planned fix = AttributeFix.plan(path, old, wanted, summary, "content already matches " + src);
            // The unchanged file stands as predicted too, so register reports its dest and checksum.
            return fix.predicted().isEmpty() ? new Planned(fix.change(), List.of(new FactUpdate<>(new FileQuery(path, true), old))) : fix;
        }
        Integer mode = wanted.mode() != null ? wanted.mode().resolve(oldFile ? old.mode() : -1, false) : null;
        List<String> details = new ArrayList<>();
        if (old != null && !oldFile) {
            details.add("replace " + old.kind() + (old.linkTarget() != null ? " -> " + old.linkTarget() : "") + " with a file");
        }
        details.add("copy of " + src + " (" + source.size() + " bytes, sha1 " + source.sha1() + ")");
        if (oldFile) details.addAll(wanted.differences(old));
        else if (mode != null) details.add("mode " + FileAttrs.octal(mode));
        String diff = oldFile && old.content() != null && source.content() != null
                ? ContentDiff.unified(path, old.content(), source.content()) : null;
        FileState.Present after = new FileState.Present(FileState.Kind.FILE, mode != null ? mode : oldFile ? old.mode() : -1,
                wanted.owner() != null ? wanted.owner() : oldFile ? old.owner() : FileAttrs.UNKNOWN,
                wanted.group() != null ? wanted.group() : oldFile ? old.group() : FileAttrs.UNKNOWN,
                source.size(), 0, 0, null, source.content(), source.sha1());
        return new Planned(new Change(old == null ? Action.CREATE : Action.UPDATE, summary, details, diff,
                List.of(step(path, source, oldFile ? old : null, before, mode, wanted, makeParents))),
                List.of(new FactUpdate<>(new FileQuery(path, true), after)));
    }

    private Step step(String path, FileState.Present source, FileState.Present old, FileState before, Integer mode,
                      FileAttrs wanted, boolean makeParents) {
        String dir = FileWrite.parent(path);
        String tmp = "\"$tmp\"";
        List<String> cmds = new ArrayList<>();
        if (makeParents) cmds.add("{ [ -d " + Shell.quote(dir) + " ] || " + Shell.command("mkdir", "-p", "--", dir) + "; }");
        cmds.add("trap 'rm -f \"$tmp\"; exit 1' HUP INT TERM PIPE");
        cmds.add("tmp=" + Shell.path(dir + "/.opsctl." + token()));
        // Created exclusively (noclobber) under the caller's umask, as Ansible's new file gets 0666 & ~umask.
        cmds.add("( set -C && exec " + Shell.command("cat", "--", src) + " > " + tmp + " )");
        cmds.add("[ -f " + tmp + " ] && [ ! -L " + tmp + " ]");
        cmds.add("{ s=$(sha1sum < " + tmp + ") && [ \"${s%% *}\" = " + source.sha1() + " ] || { echo "
                + Shell.quote(WriteChecks.CHANGED + ": the content of " + src + " (plan again)") + " >&2; false; }; }");
        cmds.add(Shell.command("touch", "-r", src, "--") + " " + tmp);
        Integer finalMode = mode != null ? mode : old != null ? old.mode() : null;
        if (finalMode != null && finalMode >= 0) cmds.add(Shell.command("chmod", "--", FileAttrs.octal(finalMode)) + " " + tmp);
        else if (mode != null) cmds.add(Shell.command("chmod", "--", wanted.mode().chmodArgument()) + " " + tmp);
        // The replaced file's owner stays unless another is asked, as Ansible's atomic_move keeps it.
        String owner = wanted.owner() != null ? wanted.owner() : old != null && old.uid() >= 0 ? String.valueOf(old.uid()) : null;
        String group = wanted.group() != null ? wanted.group() : old != null && old.gid() >= 0 ? String.valueOf(old.gid()) : null;
        String who = FileAttrs.ownerGroup(owner, group);
        if (who != null) cmds.add(Shell.command("chown", "--", who) + " " + tmp);
        if (validate != null) cmds.add(validate.command("tmp"));
        cmds.addAll(WriteChecks.unchangedSincePlanned(path, before));
        cmds.add(Shell.command("mv", "-f", "--") + " " + tmp + " " + Shell.quote(path));
        return new Step(Shell.and(cmds) + " || { rm -f \"$tmp\"; exit 1; }");
    }

    /** What {@code register:} holds: {@code dest}, {@code src} and the source's {@code checksum}, as Ansible returns. */
    public Map<String, Object> registered(Planned planned) {
        Map<String, Object> out = new LinkedHashMap<>();
        String path = dest;
        String checksum = null;
        for (FactUpdate<?> u : planned.predicted()) {
            if (u.query() instanceof FileQuery q && u.value() instanceof FileState.Present p) {
                path = q.path();
                checksum = p.sha1();
            }
        }
        out.put("dest", path);
        out.put("src", src);
        if (checksum != null) out.put("checksum", checksum);
        return out;
    }

    private String inside(String dir) {
        String base = FileWrite.basename(src);
        return dir.equals("/") ? "/" + base : dir + "/" + base;
    }

    private static String trimSlash(String s) {
        String t = s.replaceAll("/+$", "");
        return t.isEmpty() ? "/" : t;
    }

    private static String token() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
