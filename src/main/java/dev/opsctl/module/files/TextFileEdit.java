package dev.opsctl.module.files;

import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import java.util.ArrayList;
import java.util.List;

/** What the modules that edit a text file in place (lineinfile, blockinfile, replace) share: which files they edit, and the rewrite. */
public final class TextFileEdit {
    private TextFileEdit() {}

    /**
     * The file at {@code path} to edit, or null when there is none. Refuses a directory (Ansible's message),
     * a link or special file (not followed), and a file too large for its content to be planned.
     */
    public static FileState.Present existing(String module, String path, FileState current) {
        if (current.is(FileState.Kind.DIRECTORY)) throw new PlanException("Path " + path + " is a directory !");
        if (!(current instanceof FileState.Present old)) return null;
        if (old.kind() != FileState.Kind.FILE) {
            throw new PlanException(path + " is a " + old.kind() + "; opsctl does not follow links or edit special files");
        }
        if (old.content() == null) {
            throw new PlanException(path + " is larger than " + FileQuery.CONTENT_LIMIT + " bytes; " + module + " plans only smaller files");
        }
        return old;
    }

    /**
     * The change that writes {@code after} over the file ({@code old} null: a new file), atomically, with the
     * module's own account of it ({@code what}) first, then the content and attribute details, a diff and the
     * predicted file.
     */
    public static Planned rewrite(String path, FileState current, FileState.Present old, byte[] after, FileAttrs attrs,
                                  boolean backup, String what) {
        return rewrite(path, current, old, after, attrs, backup, null, what);
    }

    /** {@link #rewrite} with a {@code validate:} command run on the new content before it replaces the file (null: none). */
    public static Planned rewrite(String path, FileState current, FileState.Present old, byte[] after, FileAttrs attrs,
                                  boolean backup, Validation validate, String what) {
        Integer mode = attrs.mode() == null ? null : attrs.mode().resolve(old == null ? -1 : old.mode(), false);
        FileWrite write = new FileWrite(path, after, attrs, mode, current, backup, old == null, validate);
        List<String> details = new ArrayList<>();
        details.add(what);
        details.add(ContentDiff.detail(old, after));
        if (old != null) details.addAll(attrs.differences(old));
        String diff = ContentDiff.unified(path, old == null ? new byte[0] : old.content(), after);
        return new Planned(new Change(old == null ? Action.CREATE : Action.UPDATE, "file " + path, details, diff, List.of(write.step())),
                List.of(new FactUpdate<>(new FileQuery(path, true), write.after())));
    }
}
