package dev.opsctl.module.file;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.PathTimesQuery;
import dev.opsctl.facts.TreeQuery;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.module.files.FileWrite;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.Shell;
import dev.opsctl.module.files.SelinuxContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Ansible's {@code file}: a path's kind (file, directory, touch, absent, link, hard) and attributes.
 * With the default {@code follow: yes}, a symlink at {@code path} with state file/directory/touch is followed to the
 * entry it resolves to, as Ansible does; {@code modification_time}/{@code access_time} are planned by {@link Timestamps}.
 * With state=link, mode/owner/group go to the link's target as Ansible's default {@code follow: yes} sends them
 * ({@link LinkTargetAttrs}); with {@code follow: no} they are refused (Ansible would report a change every run and
 * change nothing on Linux).
 */
public final class FileModule implements HostModule<FileModule.FileArgs> {
    /**
     * A directory made like {@code mkdir -p} also makes the missing directories above it (with the task's attributes,
     * as Ansible): a later task that reads one of them as absent (copy into /root/hello after file /root/hello/lib)
     * sees it made. Only parents the host was read to lack are predicted; the others are read when asked.
     */
    private static Planned withParentsMade(Planned planned, FileArgs a, Facts facts) {
        if (planned.change().action() != Action.CREATE) return planned;
        List<FactUpdate<?>> predicted = new ArrayList<>(planned.predicted());
        List<String> parents = EntryPlan.prefixes(a.path());
        for (String parent : parents.subList(0, parents.size() - 1)) {
            FileQuery q = new FileQuery(parent, false);
            if (!facts.has(q) || facts.get(q) instanceof FileState.Present) continue;
            predicted.add(new FactUpdate<>(q, a.attrs().applyTo(new FileState.Present(FileState.Kind.DIRECTORY, -1,
                    FileAttrs.UNKNOWN, FileAttrs.UNKNOWN, 0, 0, 0, null, null, null))));
        }
        return new Planned(planned.change(), predicted);
    }

    /** Typed file arguments; {@code state} is null when not given (Ansible then keeps the path's current kind). */
    public record FileArgs(String path, String state, String src, FileAttrs attrs, boolean recurse, boolean force,
                           boolean follow, Timestamps times) {
        /** The same arguments for the entry a followed link resolves to. */
        FileArgs at(String resolved) {
            return new FileArgs(resolved, state, src, attrs, recurse, force, follow, times);
        }
    }

    /** The states that keep an entry and may follow a link at {@code path} to it (file.py's realpath). */
    private static final java.util.Set<String> ENTRY_STATES = java.util.Set.of("file", "directory", "touch");

    @Override
    public String name() {
        return "file";
    }

    @Override
    public ArgSpec spec() {
        return SelinuxContext.accepting(ArgSpec.of("path", "dest", "name", "state", "src", "mode", "owner", "group", "recurse", "force", "follow",
                "modification_time", "modification_time_format", "access_time", "access_time_format"));
    }

    @Override
    public FileArgs parse(Args args, ModuleContext ctx) {
        String path = args.requiredString("path", "dest", "name");
        String state = args.choice("state", null, "file", "directory", "touch", "absent", "link", "hard");
        String src = args.string("src");
        boolean recurse = args.bool("recurse", false);
        FileAttrs attrs = FileAttrs.parse(args);
        if (recurse && state != null && !state.equals("directory")) throw new ArgException("recurse option requires state to be 'directory'");
        if (src != null && state != null && !state.equals("link") && !state.equals("hard")) {
            throw new ArgException("src option requires state to be 'link' or 'hard'");
        }
        boolean follow = args.bool("follow", true);
        if ("link".equals(state) && !attrs.isEmpty() && !follow) {
            throw new ArgException("mode, owner and group with state=link and follow=no are not supported: on Linux Ansible "
                    + "reports a change every run and changes nothing; drop them, or use follow=yes to set the target's");
        }
        if ("hard".equals(state) && src == null) throw new ArgException("src is required for creating new hardlinks");
        Timestamps times = Timestamps.parse(args);
        if (!times.untouched() && ("link".equals(state) || "hard".equals(state))) {
            throw new ArgException("modification_time and access_time with state=" + state + " are not supported by opsctl");
        }
        if (!times.untouched() && recurse) throw new ArgException("modification_time and access_time with recurse are not supported by opsctl");
        return new FileArgs(path, state, src, attrs, recurse, args.bool("force", false), follow, times);
    }

    @Override
    public List<FactQuery<?>> facts(FileArgs a) {
        List<FactQuery<?>> q = new ArrayList<>();
        q.add(new FileQuery(a.path(), false));
        if (a.recurse()) q.add(new TreeQuery(a.path()));
        if (a.src() != null) q.add(new FileQuery(linkSource(a), false));
        PathTimesQuery times = timesQuery(a);
        if (times != null) q.add(times);
        return q;
    }

    /** The query for following a link at path and for the entry's times, when the task may need either; else null. */
    private static PathTimesQuery timesQuery(FileArgs a) {
        boolean entry = a.state() == null || ENTRY_STATES.contains(a.state());
        if (!entry || !a.follow() && !a.times().needsCurrentTimes()) return null;
        return new PathTimesQuery(a.path(), a.follow(), a.times().needsCurrentTimes());
    }

    /** Where the link's src is, seen from the host: a relative symlink target is relative to the link's directory. */
    private static String linkSource(FileArgs a) {
        if (a.src().startsWith("/") || "hard".equals(a.state())) return a.src();
        // Normalized (../ resolved by name), so an earlier task's prediction for the target's own path is found.
        return java.nio.file.Path.of(FileWrite.parent(a.path()), a.src()).normalize().toString();
    }

    @Override
    public Planned plan(FileArgs a, Facts facts) {
        FileState current = facts.get(new FileQuery(a.path(), false));
        String state = a.state() != null ? a.state() : defaultState(a, current);
        if (a.src() != null && !state.equals("link") && !state.equals("hard")) {
            throw new PlanException("src option requires state to be 'link' or 'hard'");
        }
        if (a.recurse() && !state.equals("directory")) throw new PlanException("recurse option requires state to be 'directory'");
        if (state.equals("link") && !a.attrs().isEmpty() && !a.follow()) {
            throw new PlanException("mode, owner and group on a link with follow=no are not supported; use follow=yes to set the target's");
        }
        if (ENTRY_STATES.contains(state)) {
            PathTimesQuery timesQuery = timesQuery(a);
            boolean following = a.follow() && current.is(FileState.Kind.LINK);
            // Asked up front for every such task, but read only where it counts: a link to follow, or times to compare.
            PathTimesQuery.PathTimes now = timesQuery != null && (following || a.times().needsCurrentTimes()) ? facts.get(timesQuery) : null;
            FileArgs at = a;
            FileState entry = current;
            if (following) {
                // file.py follows the link and works on what it resolves to (os.path.realpath).
                String resolved = followed(a, current, now);
                FileQuery there = new FileQuery(resolved, false);
                if (facts.has(there)) {
                    entry = facts.get(there);
                } else if (now != null && now.state() != null && now.resolved().equals(resolved)) {
                    entry = now.state();
                } else {
                    throw new PlanException("cannot follow the link " + a.path() + " that an earlier task makes: what " + resolved
                            + " is will be known only after apply");
                }
                at = a.at(resolved);
            }
            // Times read for another entry than the one planned (the link changed in this run) are not this one's.
            if (now != null && !now.resolved().equals(at.path())) now = null;
            EntryPlan plan = new EntryPlan(at, entry, a.times().defaultsFor(state), now == null ? null : timesQuery, now);
            return switch (state) {
                case "file" -> plan.file();
                case "directory" -> withParentsMade(plan.directory(a.recurse() ? facts.get(new TreeQuery(a.path())) : List.of()), at, facts);
                default -> plan.touch();
            };
        }
        return switch (state) {
            case "absent" -> absent(a, current);
            case "link" -> {
                FileState source = a.src() == null ? FileState.ABSENT : facts.get(new FileQuery(linkSource(a), false));
                Planned link = link(a, current, source);
                yield a.attrs().isEmpty() || a.src() == null ? link : LinkTargetAttrs.addTo(link, a.attrs(), linkSource(a), source);
            }
            default -> hard(a, current, facts.get(new FileQuery(a.src(), false)));
        };
    }

    /**
     * Where the link at {@code a.path()} leads: as the host resolved it, or, for a link an earlier task of this run
     * plans (the host had none when asked), its planned target, which must not be a link itself.
     */
    private static String followed(FileArgs a, FileState link, PathTimesQuery.PathTimes now) {
        if (now != null && !now.resolved().equals(a.path())) return now.resolved();
        String target = ((FileState.Present) link).linkTarget();
        return target.startsWith("/") ? target : java.nio.file.Path.of(FileWrite.parent(a.path()), target).normalize().toString();
    }

    /** Ansible: the path's current kind when it exists, else directory with recurse, else file. */
    private static String defaultState(FileArgs a, FileState current) {
        if (current instanceof FileState.Present p) {
            return switch (p.kind()) {
                case DIRECTORY -> "directory";
                case LINK -> "link";
                default -> "file";
            };
        }
        return a.recurse() ? "directory" : "file";
    }

    private static Planned absent(FileArgs a, FileState current) {
        if (!(current instanceof FileState.Present p)) return new Planned(Change.none("path " + a.path(), "already absent"));
        boolean dir = p.kind() == FileState.Kind.DIRECTORY;
        String rm = dir ? Shell.command("rm", "-rf", "--", a.path()) : Shell.command("rm", "-f", "--", a.path());
        List<FactUpdate<?>> predicted = new ArrayList<>();
        predicted.add(new FactUpdate<>(new FileQuery(a.path(), false), FileState.ABSENT));
        if (dir) predicted.add(new FactUpdate<>(new TreeQuery(a.path()), List.of()));
        return new Planned(new Change(Action.DELETE, p.kind() + " " + a.path(), List.of("remove " + p.kind()), null,
                List.of(new Step(rm))), predicted);
    }

    private static Planned link(FileArgs a, FileState current, FileState source) {
        String src = a.src();
        if (src == null) {
            if (current instanceof FileState.Present p && p.kind() == FileState.Kind.LINK) {
                return new Planned(Change.none("link " + a.path() + " -> " + p.linkTarget(), "already a link to " + p.linkTarget()));
            }
            throw new PlanException("src is required for creating new symlinks");
        }
        String summary = "link " + a.path() + " -> " + src;
        if (!a.force() && !source.exists()) {
            throw new PlanException("src file does not exist, use \"force=yes\" if you really want to create the link: " + linkSource(a));
        }
        List<String> details = new ArrayList<>();
        String cmd;
        Action action = Action.UPDATE;
        if (!(current instanceof FileState.Present p)) {
            action = Action.CREATE;
            details.add("create link to " + src);
            cmd = Shell.command("ln", "-s", "--", src, a.path());
        } else if (p.kind() == FileState.Kind.LINK) {
            if (src.equals(p.linkTarget())) return new Planned(Change.none(summary, "already a link to " + src));
            details.add("target " + p.linkTarget() + " -> " + src);
            cmd = Shell.command("ln", "-sfn", "--", src, a.path());
        } else if (!a.force()) {
            throw new PlanException("refusing to convert from " + p.kind() + " to symlink for " + a.path());
        } else if (p.kind() == FileState.Kind.DIRECTORY) {
            // Ansible removes only an empty directory; rmdir fails on a non-empty one, as Ansible does.
            details.add("replace directory with link to " + src);
            cmd = Shell.and(List.of(Shell.command("rmdir", "--", a.path()), Shell.command("ln", "-s", "--", src, a.path())));
        } else {
            details.add("replace " + p.kind() + " with link to " + src);
            cmd = Shell.command("ln", "-sfn", "--", src, a.path());
        }
        FileState.Present after = new FileState.Present(FileState.Kind.LINK, 0777, FileAttrs.UNKNOWN, FileAttrs.UNKNOWN,
                src.length(), 0, 0, src, null, null);
        return new Planned(new Change(action, summary, details, null, List.of(new Step(cmd))),
                List.of(new FactUpdate<>(new FileQuery(a.path(), false), after)));
    }

    private static Planned hard(FileArgs a, FileState current, FileState source) {
        String summary = "hard link " + a.path() + " => " + a.src();
        if (!(source instanceof FileState.Present s)) throw new PlanException("src does not exist: " + a.src());
        if (s.kind() == FileState.Kind.DIRECTORY) throw new PlanException("src " + a.src() + " is a directory; hard links to directories are not possible");
        List<String> details = new ArrayList<>();
        List<String> cmds = new ArrayList<>();
        Action action = Action.UPDATE;
        FileState.Present linked = s;
        if (!(current instanceof FileState.Present p)) {
            action = Action.CREATE;
            details.add("create hard link to " + a.src());
            cmds.add(Shell.command("ln", "--", a.src(), a.path()));
        } else if (p.kind() == FileState.Kind.DIRECTORY) {
            throw new PlanException("Cannot link: " + a.path() + " is a directory");
        } else if (p.kind() != FileState.Kind.LINK && p.device() == s.device() && p.inode() == s.inode()) {
            linked = p;
        } else if (p.kind() != FileState.Kind.LINK && !a.force()) {
            throw new PlanException("Cannot link, " + p.kind() + " exists at destination");
        } else {
            details.add("replace " + p.kind() + " with hard link to " + a.src());
            cmds.add(Shell.command("ln", "-f", "--", a.src(), a.path()));
        }
        details.addAll(a.attrs().differences(linked));
        cmds.addAll(a.attrs().fixes(Shell.quote(a.path()), linked));
        if (cmds.isEmpty()) return new Planned(Change.none(summary, "already a hard link to " + a.src()));
        FileState.Present after = a.attrs().applyTo(linked);
        // Both names share one inode: what changes for one changes for the other.
        return new Planned(new Change(action, summary, details, null, List.of(new Step(Shell.and(cmds)))),
                List.of(new FactUpdate<>(new FileQuery(a.path(), false), after),
                        new FactUpdate<>(new FileQuery(a.src(), false), after)));
    }
}
