package dev.opsctl.module.unarchive;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.module.stat.StatQuery;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Shell;
import dev.opsctl.module.files.SelinuxContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Ansible's {@code unarchive}: a tar (plain, gzip, bzip2, xz) or zip archive extracted into an existing directory with
 * the host's tar or unzip. A controller-side archive is read in Java and streamed to the host; {@code remote_src}
 * uses one already there. Like Ansible it extracts only when the archive's members differ from what is in dest
 * (for tar, {@code tar --diff}'s verdict, filtered as Ansible filters it), or {@code creates} says not to.
 */
public final class UnarchiveModule implements HostModule<UnarchiveModule.UnarchiveArgs> {
    /**
     * Typed arguments. For a controller-side archive {@code data}, {@code format} and {@code entries} hold it, listed
     * with {@code --strip-components} applied; for {@code remote_src} they are null.
     */
    public record UnarchiveArgs(String src, boolean remote, String dest, String creates, FileAttrs attrs, List<String> extraOpts,
                                boolean listFiles, byte[] data, ArchiveFormat format, List<ArchiveEntry> entries) {}

    private static final Pattern STRIP = Pattern.compile("--strip-components=(\\d+)");
    // tar --diff lines Ansible counts (unarchive.py's *_RE); size and content lines come with "Mod time differs" anyway.
    private static final Pattern EMPTY_FILE = Pattern.compile(": : Warning: Cannot stat: No such file or directory$");
    private static final Pattern ALWAYS = Pattern.compile(
            ": Mod time differs$|: Warning: Cannot stat: No such file or directory$|: Invalid owner|: Invalid group");
    private static final int SHOWN_DIFFERENCES = 5;

    @Override
    public String name() {
        return "unarchive";
    }

    @Override
    public ArgSpec spec() {
        return SelinuxContext.accepting(ArgSpec.of("src", "dest", "remote_src", "copy", "creates", "extra_opts", "list_files", "mode", "owner", "group").require("src", "dest"));
    }

    @Override
    public UnarchiveArgs parse(Args args, ModuleContext ctx) {
        String src = args.requiredString("src");
        String dest = args.requiredString("dest").replaceAll("(?<=.)/+$", "");
        // copy: the old name, inverted: copy=no is remote_src=yes (Ansible refuses both together).
        if (args.has("copy") && args.has("remote_src")) throw new ArgException("parameters are mutually exclusive: copy|remote_src");
        boolean remote = args.has("copy") ? !args.bool("copy", true) : args.bool("remote_src", false);
        List<String> opts = args.list("extra_opts");
        if (opts == null) opts = List.of();
        FileAttrs attrs = FileAttrs.parse(args);
        boolean listFiles = args.bool("list_files", false);
        String creates = args.string("creates");
        if (remote && listFiles) throw new ArgException("argument 'list_files' is only supported for a controller-side archive");
        if (remote) return new UnarchiveArgs(src, true, dest, creates, attrs, List.copyOf(opts), listFiles, null, null, null);
        byte[] data = ctx.readFile(src);
        ArchiveFormat format = ArchiveFormat.sniff(data);
        if (format == null) throw new ArgException("Failed to find handler for \"" + src + "\": not a tar, tar.gz, tar.bz2, tar.xz or zip archive");
        int strip = stripComponents(opts, format);
        List<ArchiveEntry> entries = new ArrayList<>();
        for (ArchiveEntry e : ArchiveReader.list(src, data, format)) {
            String[] parts = e.name().split("/", -1);
            if (e.name().isEmpty() || parts.length <= strip) continue;
            String name = String.join("/", java.util.Arrays.copyOfRange(parts, strip, parts.length));
            entries.add(new ArchiveEntry(name, e.kind(), e.mode(), e.uid(), e.gid(), e.mtime(), e.size(), e.content()));
        }
        return new UnarchiveArgs(src, false, dest, creates, attrs, List.copyOf(opts), listFiles, data, format, List.copyOf(entries));
    }

    /**
     * The only option a controller-side tar may take: the comparison is made in Java, which must know how names change.
     */
    private static int stripComponents(List<String> opts, ArchiveFormat format) {
        int strip = 0;
        for (String o : opts) {
            var m = STRIP.matcher(o);
            if (format != ArchiveFormat.ZIP && m.matches()) strip = Integer.parseInt(m.group(1));
            else throw new ArgException("argument 'extra_opts': '" + o + "' is only supported with remote_src: yes"
                    + (format == ArchiveFormat.ZIP ? "" : " (a controller-side tar takes --strip-components=N)"));
        }
        return strip;
    }

    @Override
    public List<FactQuery<?>> facts(UnarchiveArgs a) {
        List<FactQuery<?>> q = new ArrayList<>(List.of(new FileQuery(a.dest(), false), new StatQuery(a.dest(), true)));
        if (a.creates() != null) q.add(new FileQuery(a.creates(), false));
        if (a.remote()) q.add(new FileQuery(a.src(), false));
        q.add(a.remote() ? new RemoteArchiveQuery(a.src(), a.dest(), a.extraOpts()) : destEntries(a));
        return q;
    }

    private static DestEntriesQuery destEntries(UnarchiveArgs a) {
        List<String> zipFiles = a.format() != ArchiveFormat.ZIP ? List.of()
                : a.entries().stream().filter(e -> e.kind() == FileState.Kind.FILE).map(ArchiveEntry::name).toList();
        return new DestEntriesQuery(a.dest(), names(a.entries()), zipFiles);
    }

    private static List<String> names(List<ArchiveEntry> entries) {
        return entries.stream().map(ArchiveEntry::name).toList();
    }

    @Override
    public Planned plan(UnarchiveArgs a, Facts facts) {
        String summary = "unarchive " + a.src() + " -> " + a.dest();
        if (a.creates() != null && facts.get(new FileQuery(a.creates(), false)).exists()) {
            return new Planned(Change.none(summary, "skipped, since " + a.creates() + " exists"));
        }
        // A dest that links to a directory is one, as os.path.isdir says in Ansible; the file query holds what earlier
        // tasks will have made of the path, the followed one what a link there leads to.
        FileState dest = facts.get(new FileQuery(a.dest(), false));
        if (!dest.is(FileState.Kind.DIRECTORY) && !(dest.is(FileState.Kind.LINK) && facts.get(new StatQuery(a.dest(), true)).state().is(FileState.Kind.DIRECTORY))) {
            throw new PlanException("Destination '" + a.dest() + "' is not a directory");
        }
        List<String> members;
        Map<String, EntryStat> stats;
        List<String> differences;
        if (a.remote()) {
            RemoteArchiveQuery.Answer r = facts.get(new RemoteArchiveQuery(a.src(), a.dest(), a.extraOpts()));
            if (writtenEarlier(facts.get(new FileQuery(a.src(), false)), r)) {
                // An earlier task (get_url, copy) will write the archive: what it holds is known only once that ran.
                List<Step> steps = new ArrayList<>(List.of(extraction(a)));
                if (!a.attrs().isEmpty()) steps.add(attributesOnHost(a));
                return new Planned(new Change(Action.RUN, summary, List.of("extract " + a.src() + " once an earlier task has written it"),
                        null, steps));
            }
            if (r.format() == null) throw new PlanException("Source '" + a.src() + "' does not exist");
            if (r.format() == ArchiveFormat.ZIP && !a.extraOpts().isEmpty()) {
                throw new PlanException("argument 'extra_opts' is only supported for tar archives; " + a.src() + " is a zip");
            }
            members = r.members();
            stats = r.entries();
            differences = r.format() == ArchiveFormat.ZIP ? zipDifferences(r, a.attrs()) : tarDifferences(r, a.attrs());
        } else {
            DestEntriesQuery.Answer d = facts.get(destEntries(a));
            members = names(a.entries());
            stats = d.entries();
            differences = localDifferences(a.entries(), d, a.attrs());
        }

        List<String> quoted = members.stream().map(m -> Shell.quote(a.dest() + "/" + m)).toList();
        if (differences.isEmpty()) {
            return attributesOnly(a, summary, members, stats);
        }
        List<String> details = new ArrayList<>();
        details.add("extract " + members.size() + " members into " + a.dest());
        for (int i = 0; i < Math.min(SHOWN_DIFFERENCES, differences.size()); i++) details.add(differences.get(i));
        if (differences.size() > SHOWN_DIFFERENCES) details.add("... and " + (differences.size() - SHOWN_DIFFERENCES) + " more differences");
        List<Step> steps = new ArrayList<>(List.of(extraction(a)));
        if (!a.attrs().isEmpty() && !quoted.isEmpty()) {
            Integer mode = a.attrs().mode() == null ? null : a.attrs().mode().octal() != null ? a.attrs().mode().octal() : -1;
            steps.add(new Step(Shell.and(a.attrs().commands(String.join(" ", quoted), mode))));
        }
        Action action = stats.isEmpty() ? Action.CREATE : Action.UPDATE;
        return new Planned(new Change(action, summary, details, null, steps), predicted(a));
    }

    /** Whether the planned state of the archive (an earlier task's write) is not the archive the host holds now. */
    private static boolean writtenEarlier(FileState planned, RemoteArchiveQuery.Answer now) {
        if (!(planned instanceof FileState.Present p) || p.sha1() == null) return false;
        return !p.sha1().equals(now.sha1());
    }

    /** The archive matches dest; only the asked mode, owner and group may still differ, entry by entry. */
    private static Planned attributesOnly(UnarchiveArgs a, String summary, List<String> members, Map<String, EntryStat> stats) {
        List<String> details = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        for (String m : members) {
            EntryStat s = stats.get(m);
            if (s == null || s.kind() == FileState.Kind.LINK) continue;
            FileState.Present p = new FileState.Present(s.kind(), s.mode(), s.owner(), s.group(), s.size(), 0, 0, null, null, null, s.uid(), s.gid());
            List<String> diff = a.attrs().differences(p);
            if (diff.isEmpty()) continue;
            details.add(m + ": " + String.join(", ", diff));
            fixes.add(Shell.and(a.attrs().fixes(Shell.quote(a.dest() + "/" + m), p)));
        }
        if (fixes.isEmpty()) return new Planned(Change.none(summary, "archive already extracted: its " + members.size() + " members match"));
        return new Planned(new Change(Action.UPDATE, summary, details, null, List.of(new Step(Shell.and(fixes)))));
    }

    private static Step extraction(UnarchiveArgs a) {
        String dest = a.dest();
        if (a.remote()) {
            List<String> w = new ArrayList<>(List.of("tar", "--extract", "-C", dest));
            w.addAll(a.extraOpts());
            w.addAll(List.of("-f", a.src()));
            // The host's format is known only there: a zip goes to unzip, anything else to tar, which detects compression.
            return new Step(ArchiveFormat.onHost(a.src(), Shell.command("unzip", "-o", "-q", Shell.operand(a.src()), "-d", dest), Shell.command(w)));
        }
        if (a.format() == ArchiveFormat.ZIP) {
            return new Step("tmp=$(mktemp) || exit 1; cat > \"$tmp\" && " + Shell.command("unzip", "-o", "-q") + " \"$tmp\" "
                    + Shell.command("-d", dest) + "; rc=$?; rm -f \"$tmp\"; [ $rc -eq 0 ]", a.data());
        }
        List<String> w = new ArrayList<>(List.of("tar", "--extract", "-C", dest));
        if (a.format().tarFlag != null) w.add(a.format().tarFlag);
        w.addAll(a.extraOpts());
        w.addAll(List.of("-f", "-"));
        return new Step(Shell.command(w), a.data());
    }

    /** The asked mode, owner and group for every member, listed on the host: for an archive not known at plan time. */
    private static Step attributesOnHost(UnarchiveArgs a) {
        List<String> list = RemoteArchiveQuery.tarWords("-t", a.extraOpts(), a.src());
        Integer mode = a.attrs().mode() == null ? null : a.attrs().mode().octal() != null ? a.attrs().mode().octal() : -1;
        return new Step(ArchiveFormat.onHost(a.src(), Shell.command("unzip", "-Z1", Shell.operand(a.src())), Shell.command(list)) + " | "
                + "while IFS= read -r n; do n=${n%/}; [ -n \"$n\" ] || continue; "
                + Shell.and(a.attrs().commands(Shell.quote(a.dest()) + "/\"$n\"", mode)) + " || exit 1; done");
    }

    /** Differences between a controller-side archive and dest, in tar --diff's words, counted as Ansible counts them. */
    static List<String> localDifferences(List<ArchiveEntry> entries, DestEntriesQuery.Answer dest, FileAttrs attrs) {
        List<String> out = new ArrayList<>();
        boolean root = dest.uid() == 0;
        for (ArchiveEntry e : entries) {
            EntryStat s = dest.entries().get(e.name());
            if (s == null) {
                out.add(e.name() + ": Warning: Cannot stat: No such file or directory");
                continue;
            }
            if (s.kind() != e.kind()) {
                out.add(e.name() + ": File type differs");
                continue;
            }
            if (e.kind() == FileState.Kind.LINK) continue;
            if (e.kind() == FileState.Kind.FILE && e.mtime() >= 0 && s.mtime() != e.mtime()) out.add(e.name() + ": Mod time differs");
            if (e.kind() == FileState.Kind.FILE && e.mtime() < 0 && (s.size() != e.size()
                    || e.content() != null && !FileQuery.sha1(e.content()).equals(dest.sha1().get(e.name())))) {
                out.add(e.name() + ": Contents differ");
            }
            if (attrs.mode() == null && e.mode() >= 0 && s.mode() != e.mode()) out.add(e.name() + ": Mode differs");
            if (root && attrs.owner() == null && e.uid() >= 0 && s.uid() != e.uid()) out.add(e.name() + ": Uid differs");
            if (root && attrs.group() == null && e.gid() >= 0 && s.gid() != e.gid()) out.add(e.name() + ": Gid differs");
        }
        return out;
    }

    /** tar --diff's report, filtered as unarchive.py filters it. */
    static List<String> tarDifferences(RemoteArchiveQuery.Answer r, FileAttrs attrs) {
        List<String> out = new ArrayList<>();
        boolean root = r.uid() == 0;
        for (String line : r.tarDiff()) {
            if (EMPTY_FILE.matcher(line).find()) continue;
            boolean counts = ALWAYS.matcher(line).find()
                    || root && attrs.owner() == null && line.endsWith(": Uid differs")
                    || root && attrs.group() == null && line.endsWith(": Gid differs")
                    || attrs.mode() == null && line.endsWith(": Mode differs");
            if (counts) out.add(line);
        }
        return out;
    }

    /** A zip on the host against dest: presence, and mode where unzip's listing gives one (Ansible also compares CRCs and times). */
    static List<String> zipDifferences(RemoteArchiveQuery.Answer r, FileAttrs attrs) {
        List<String> out = new ArrayList<>();
        for (String m : r.members()) {
            EntryStat s = r.entries().get(m);
            if (s == null) {
                out.add(m + ": Warning: Cannot stat: No such file or directory");
                continue;
            }
            Integer mode = r.zipModes().get(m);
            if (attrs.mode() == null && mode != null && s.kind() != FileState.Kind.LINK && (s.mode() & 07777) != mode) {
                out.add(m + ": Mode differs");
            }
        }
        return out;
    }

    /** For a controller-side archive, each member as it will be: later tasks that read them plan against it. */
    private static List<FactUpdate<?>> predicted(UnarchiveArgs a) {
        if (a.remote()) return List.of();
        List<FactUpdate<?>> out = new ArrayList<>();
        for (ArchiveEntry e : a.entries()) {
            int mode = a.attrs().mode() != null && a.attrs().mode().octal() != null ? a.attrs().mode().octal() : e.mode();
            String owner = a.attrs().owner() != null ? a.attrs().owner() : FileAttrs.UNKNOWN;
            String group = a.attrs().group() != null ? a.attrs().group() : FileAttrs.UNKNOWN;
            byte[] content = e.content();
            out.add(new FactUpdate<>(new FileQuery(a.dest() + "/" + e.name(), true), new FileState.Present(e.kind(), mode, owner, group,
                    e.size(), 0, 0, null, content, content == null ? null : FileQuery.sha1(content))));
        }
        return out;
    }

    @Override
    public Map<String, Object> registered(UnarchiveArgs a, Planned planned, ExecResult last) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dest", a.dest());
        out.put("src", a.src());
        if (a.listFiles() && !a.remote()) out.put("files", names(a.entries()));
        return out;
    }
}
