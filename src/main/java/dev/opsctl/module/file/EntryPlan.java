package dev.opsctl.module.file;

import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.PathTimesQuery;
import dev.opsctl.facts.TreeQuery;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the file module's states that keep an entry and set its attributes: file, directory (with recurse), touch;
 * and its timestamps ({@code times}, already defaulted for the state) from {@code now}, the entry's current times
 * (null when they were not asked: no time was given).
 */
record EntryPlan(FileModule.FileArgs args, FileState current, Timestamps times, PathTimesQuery timesQuery, PathTimesQuery.PathTimes now) {
    private String path() {
        return args.path();
    }

    private FileAttrs attrs() {
        return args.attrs();
    }

    private FileQuery query() {
        return new FileQuery(path(), false);
    }

    Planned file() {
        if (!(current instanceof FileState.Present p)) throw new PlanException("file (" + path() + ") is absent, cannot continue");
        if (p.kind() != FileState.Kind.FILE) throw new PlanException("file (" + path() + ") is " + p.kind() + ", cannot continue");
        return attributes("file " + path(), p, List.of(), times.plan(path(), now));
    }

    Planned directory(List<TreeQuery.Entry> below) {
        String summary = "directory " + path();
        if (current instanceof FileState.Present p) {
            if (p.kind() != FileState.Kind.DIRECTORY) throw new PlanException(path() + " already exists as a " + p.kind());
            return attributes(summary, p, below, times.plan(path(), now));
        }
        // Like mkdir -p, with the attributes on every directory it creates (not on those that exist), as Ansible does.
        List<String> cmds = new ArrayList<>();
        for (String dir : prefixes(path())) {
            List<String> create = new ArrayList<>();
            Integer mode = attrs().mode() == null ? null : attrs().mode().resolve(-1, true);
            if (mode != null && mode >= 0) {
                // mkdir -m sets the exact mode (the umask does not apply): no chmod process after it.
                create.add(Shell.command("mkdir", "-m", FileAttrs.octal(mode), "--", dir));
                create.addAll(new FileAttrs(null, attrs().owner(), attrs().group()).commands(Shell.quote(dir), null));
            } else {
                create.add(Shell.command("mkdir", "--", dir));
                create.addAll(attrs().commands(Shell.quote(dir), mode));
            }
            cmds.add("{ " + Shell.command("test", "-d", dir) + " || { " + Shell.and(create) + "; }; }");
        }
        FileState.Present after = attrs().applyTo(new FileState.Present(FileState.Kind.DIRECTORY, -1,
                FileAttrs.UNKNOWN, FileAttrs.UNKNOWN, 0, 0, 0, null, null, null));
        Timestamps.Update t = times.plan(path(), null);
        cmds.addAll(t.commands());
        List<String> details = new ArrayList<>();
        details.add("create directory");
        details.addAll(asked(after));
        details.addAll(t.details());
        return new Planned(new Change(Action.CREATE, summary, details, null, List.of(new Step(Shell.and(cmds)))),
                withTimes(List.of(new FactUpdate<>(query(), after)), after, t));
    }

    Planned touch() {
        // touch sets the timestamps to now by default, so, as with Ansible, it is a change on every run.
        String summary = "file " + path();
        if (current instanceof FileState.Present p) {
            if (p.kind() == FileState.Kind.LINK && !attrs().isEmpty()) {
                throw new PlanException(path() + " is a link; with follow=no opsctl does not set mode, owner or group on it");
            }
            return attributes(summary, p, List.of(), times.plan(path(), now));
        }
        List<String> cmds = new ArrayList<>();
        cmds.add(Shell.command("touch", "--", path()));
        cmds.addAll(attrs().commands(Shell.quote(path()), attrs().mode() == null ? null : attrs().mode().resolve(-1, false)));
        Timestamps.Update t = times.plan(path(), null);
        cmds.addAll(t.commands());
        FileState.Present after = attrs().applyTo(new FileState.Present(FileState.Kind.FILE, -1,
                FileAttrs.UNKNOWN, FileAttrs.UNKNOWN, 0, 0, 0, null, new byte[0], FileQuery.sha1(new byte[0])));
        List<String> details = new ArrayList<>();
        details.add("create empty file");
        details.addAll(asked(after));
        details.addAll(t.details());
        return new Planned(new Change(Action.CREATE, summary, details, null, List.of(new Step(Shell.and(cmds)))),
                withTimes(List.of(new FactUpdate<>(query(), after)), after, t));
    }

    /** {@code predicted}, and the times query's answer after the change when the plan asked it. */
    private List<FactUpdate<?>> withTimes(List<FactUpdate<?>> predicted, FileState after, Timestamps.Update t) {
        if (timesQuery == null || now == null) return predicted;
        List<FactUpdate<?>> all = new ArrayList<>(predicted);
        all.add(new FactUpdate<>(timesQuery, now.withState(after).withTimes(t.atimeAfter(), t.mtimeAfter())));
        return all;
    }

    /** An existing entry: attribute fixes on it (and below it with recurse), then its times ({@code t}). */
    private Planned attributes(String summary, FileState.Present p, List<TreeQuery.Entry> below, Timestamps.Update t) {
        List<String> details = new ArrayList<>();
        List<String> cmds = new ArrayList<>();
        details.addAll(attrs().differences(p));
        cmds.addAll(attrs().fixes(Shell.quote(path()), p));
        // Times last: a chmod or chown changes no timestamp but the ctime, and file.py sets them after the attributes too.
        details.addAll(t.details());
        cmds.addAll(t.commands());
        List<FactUpdate<?>> predicted = new ArrayList<>(withTimes(List.of(new FactUpdate<>(query(), attrs().applyTo(p))), attrs().applyTo(p), t));
        if (args().recurse()) {
            RecursePlan r = RecursePlan.of(attrs(), below);
            details.addAll(r.details());
            cmds.addAll(r.commands(path()));
            predicted.add(new FactUpdate<>(new TreeQuery(path()), r.after()));
        }
        if (cmds.isEmpty()) return new Planned(Change.none(summary, "already " + describe(p)));
        return new Planned(new Change(Action.UPDATE, summary, details, null, List.of(new Step(Shell.and(cmds)))), predicted);
    }

    /** "a directory with mode 0755, owner root": the asked attributes, as they are. */
    private String describe(FileState.Present p) {
        List<String> parts = new ArrayList<>();
        if (attrs().mode() != null) parts.add("mode " + FileAttrs.octal(p.mode()));
        if (attrs().owner() != null) parts.add("owner " + p.owner());
        if (attrs().group() != null) parts.add("group " + p.group());
        String what = "a " + p.kind() + (parts.isEmpty() ? "" : " with " + String.join(", ", parts));
        return args().recurse() ? what + ", and so is everything below" : what;
    }

    /** The asked attributes of a new entry ("mode 0750", "owner app"). */
    private List<String> asked(FileState.Present after) {
        List<String> out = new ArrayList<>();
        if (attrs().mode() != null) out.add("mode " + (after.mode() < 0 ? attrs().mode().chmodArgument() : FileAttrs.octal(after.mode())));
        if (attrs().owner() != null) out.add("owner " + attrs().owner());
        if (attrs().group() != null) out.add("group " + attrs().group());
        return out;
    }

    /** "/a", "/a/b", "/a/b/c" for "/a/b/c"; relative paths stay relative. */
    static List<String> prefixes(String path) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder(path.startsWith("/") ? "/" : "");
        for (String part : path.split("/")) {
            if (part.isEmpty()) continue;
            if (cur.length() > 0 && cur.charAt(cur.length() - 1) != '/') cur.append('/');
            cur.append(part);
            out.add(cur.toString());
        }
        return out;
    }
}
