package dev.opsctl.module.files;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Payload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * A file whose whole content is given (copy, template): where it goes, the facts that takes, and the plan.
 * As with Ansible, a {@code dest} ending in '/' or naming an existing directory receives the file under
 * {@code basename}, and a '/'-ended directory that is missing is created.
 *
 * @param content  the new content: in memory, or a controller file streamed when written
 * @param basename the name of the source (copy src, template src), or null for inline content
 * @param validate a command that must accept the new content before it replaces the file, or null
 * @param diff     whether the plan shows a diff ({@code --diff}, or a report that carries one): without it none is
 *                 built, and planning costs only the content's digest
 */
public record FileContent(String dest, Payload content, String basename, FileAttrs attrs, boolean backup, boolean force,
                          Validation validate, boolean diff) {
    public FileContent {
        if (dest.endsWith("/") && basename == null) throw new ArgException("can not use content with a dir as dest");
    }

    public FileContent(String dest, byte[] content, String basename, FileAttrs attrs, boolean backup, boolean force,
                       Validation validate) {
        this(dest, Payload.of(content), basename, attrs, backup, force, validate, true);
    }

    public FileContent(String dest, byte[] content, String basename, FileAttrs attrs, boolean backup, boolean force) {
        this(dest, content, basename, attrs, backup, force, null);
    }

    public List<FactQuery<?>> facts() {
        List<FactQuery<?>> q = new ArrayList<>();
        if (dest.endsWith("/")) {
            q.add(new FileQuery(trimSlash(dest), false));
            q.add(new FileQuery(inside(trimSlash(dest)), true));
            return q;
        }
        q.add(new FileQuery(dest, true));
        q.add(new FileQuery(FileWrite.parent(dest), false));
        if (basename != null) q.add(new FileQuery(inside(dest), true));
        return q;
    }

    public Planned plan(Facts facts) {
        String target = dest;
        boolean makeParents = false;
        if (dest.endsWith("/")) {
            String dir = trimSlash(dest);
            FileState d = facts.get(new FileQuery(dir, false));
            if (d.exists() && !d.is(FileState.Kind.DIRECTORY)) throw new PlanException("Destination " + dir + " is not a directory");
            makeParents = !d.exists();
            target = inside(dir);
        } else {
            FileState d = facts.get(new FileQuery(dest, true));
            if (d.is(FileState.Kind.DIRECTORY)) {
                if (basename == null) throw new PlanException("can not use content with a dir as dest");
                target = inside(dest);
            } else {
                FileState parent = facts.get(new FileQuery(FileWrite.parent(dest), false));
                if (!parent.is(FileState.Kind.DIRECTORY)) {
                    throw new PlanException("Destination directory " + FileWrite.parent(dest) + " does not exist");
                }
            }
        }
        return planAt(target, facts.get(new FileQuery(target, true)), makeParents);
    }

    private Planned planAt(String path, FileState before, boolean makeParents) {
        String summary = "file " + path;
        FileQuery query = new FileQuery(path, true);
        if (before.exists() && !force) return new Planned(Change.none(summary, "already exists (force=no)"));
        if (before.is(FileState.Kind.DIRECTORY)) throw new PlanException("Destination " + path + " is a directory");
        FileState.Present old = before instanceof FileState.Present p ? p : null;
        if (old != null && old.kind() == FileState.Kind.FILE && ContentDiff.same(old, content)) {
            return AttributeFix.plan(path, old, attrs, summary, "content already matches");
        }
        Integer mode = attrs.mode() == null ? null
                : attrs.mode().resolve(old != null && old.kind() == FileState.Kind.FILE ? old.mode() : -1, false);
        FileWrite write = new FileWrite(path, content, attrs, mode, before, backup, makeParents, validate);
        List<String> details = new ArrayList<>();
        String diff = null;
        if (old == null) {
            details.add(ContentDiff.detail(null, content));
        } else if (old.kind() != FileState.Kind.FILE) {
            // Ansible replaces a link at dest with a regular file (copy's follow=no default) every time.
            details.add("replace " + old.kind() + (old.linkTarget() != null ? " -> " + old.linkTarget() : "") + " with a file");
            details.add(ContentDiff.detail(null, content));
        } else {
            details.add(ContentDiff.detail(old, content));
            if (this.diff && old.content() != null) diff = ContentDiff.unified(path, old.content(), content);
        }
        if (old != null && old.kind() == FileState.Kind.FILE) details.addAll(attrs.differences(old));
        else if (mode != null) details.add("mode " + FileAttrs.octal(mode));
        Action action = old == null ? Action.CREATE : Action.UPDATE;
        if (this.diff && old == null) diff = ContentDiff.unified(path, new byte[0], content);
        return new Planned(new Change(action, summary, details, diff, List.of(write.step())),
                List.of(new FactUpdate<>(query, write.after())));
    }

    /** What {@code register:} holds: {@code dest}, and {@code backup_file} when the write made a backup. */
    public static Map<String, Object> registered(String dest, ExecResult last) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dest", dest);
        if (last != null) {
            for (String line : last.out().split("\n")) {
                if (line.startsWith(FileWrite.BACKUP_MARKER)) out.put("backup_file", line.substring(FileWrite.BACKUP_MARKER.length()));
            }
        }
        return out;
    }

    private String inside(String dir) {
        return dir.equals("/") ? "/" + basename : dir + "/" + basename;
    }

    private static String trimSlash(String s) {
        String t = s.replaceAll("/+$", "");
        return t.isEmpty() ? "/" : t;
    }
}
