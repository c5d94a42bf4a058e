package dev.opsctl.module.mount;

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
import dev.opsctl.module.files.FileWrite;
import dev.opsctl.module.files.TextFileEdit;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.ExecResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's {@code mount} (ansible.posix.mount) on Linux: the mount point's fstab line and whether it is mounted. The
 * decisions are mount.py's, in the same order; the commands are the host's {@code mount} and {@code umount}.
 */
public final class MountModule implements HostModule<MountModule.MountArgs> {
    /** Typed arguments; {@code entry} holds the fstab fields with Ansible's defaults and {@code boot} applied. */
    public record MountArgs(String state, FstabFile.Entry entry, String fstab, boolean fstabGiven, String boot,
                            boolean backup, boolean optsGiven, List<String> warnings) {
        String path() {
            return entry.path();
        }
    }

    @Override
    public String name() {
        return "mount";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("path", "name", "src", "fstype", "opts", "dump", "passno", "state", "fstab", "boot", "backup")
                .require("state");
    }

    @Override
    public MountArgs parse(Args args, ModuleContext ctx) {
        String path = args.requiredString("path", "name");
        String state = args.choice("state", null, "absent", "absent_from_fstab", "mounted", "present", "unmounted",
                "remounted", "ephemeral");
        if (state == null) throw new ArgException("missing required argument 'state'");
        String src = args.string("src");
        String fstype = args.string("fstype");
        if (List.of("mounted", "present", "ephemeral").contains(state)) {
            List<String> missing = new ArrayList<>();
            if (src == null) missing.add("src");
            if (fstype == null) missing.add("fstype");
            if (!missing.isEmpty()) throw new ArgException("state is " + state + " but all of the following are missing: " + String.join(", ", missing));
        }
        String opts = args.string("opts");
        boolean boot = args.bool("boot", true);
        String bootWord = "yes";
        List<String> warnings = new ArrayList<>();
        String effectiveOpts = opts == null ? "defaults" : opts;
        List<String> optList = List.of(effectiveOpts.split(","));
        if (optList.contains("noauto")) {
            warnings.add("Ignore the 'boot' due to 'opts' contains 'noauto'.");
        } else if (!boot) {
            bootWord = "no";
            if (optList.contains("defaults")) warnings.add("Ignore the 'boot' due to 'opts' contains 'defaults'.");
            else effectiveOpts = effectiveOpts + ",noauto";
        }
        String fstab = args.string("fstab");
        FstabFile.Entry entry = new FstabFile.Entry(src, path, fstype, effectiveOpts, orDefault(args.string("dump"), "0"),
                orDefault(args.string("passno"), "0"));
        return new MountArgs(state, entry, fstab == null ? "/etc/fstab" : fstab, fstab != null, bootWord,
                args.bool("backup", false), opts != null, warnings);
    }

    private static String orDefault(String v, String fallback) {
        return v == null ? fallback : v;
    }

    @Override
    public List<FactQuery<?>> facts(MountArgs a) {
        return List.of(new FileQuery(a.fstab(), true), new MountsQuery(), new FileQuery(a.path(), false));
    }

    @Override
    public Planned plan(MountArgs a, Facts facts) {
        Map<String, MountsQuery.Mounted> mounts = facts.get(new MountsQuery());
        MountsQuery.Mounted mounted = mounts.get(a.path());
        FileState at = facts.get(new FileQuery(a.path(), false));
        String summary = "mount " + a.path();
        MountSteps commands = new MountSteps(a);
        Work work = new Work();
        switch (a.state()) {
            case "absent_from_fstab" -> editFstab(a, facts, false, work);
            case "absent" -> {
                if (editFstab(a, facts, false, work)) {
                    work.action = Action.DELETE;
                    if (mounted != null) work.unmount(commands.umount(), mounts, a.path());
                    if (at.exists()) {
                        work.steps.add(commands.rmdir());
                        work.details.add("remove directory " + a.path());
                        work.predicted.add(new FactUpdate<>(new FileQuery(a.path(), false), FileState.ABSENT));
                    }
                }
            }
            case "unmounted" -> {
                work.action = Action.DELETE;
                if (mounted != null) work.unmount(commands.umount(), mounts, a.path());
            }
            case "present" -> editFstab(a, facts, true, work);
            case "mounted" -> {
                if (mounted == null) {
                    // Mounted from the task's own fields before fstab is written: a mount that fails leaves fstab as it was.
                    work.mount(commands.mount(!at.exists()), mounts, a, at);
                    editFstab(a, facts, true, work);
                } else if (editFstab(a, facts, true, work)) {
                    work.steps.add(commands.remount());
                    work.details.add("remount " + a.path() + " with its new fstab line");
                }
            }
            case "remounted" -> {
                work.steps.add(commands.remount());
                work.details.add("remount " + a.path() + (a.optsGiven() ? " with " + a.entry().opts() : ""));
            }
            case "ephemeral" -> {
                if (mounted == null) {
                    work.mount(commands.mount(!at.exists()), mounts, a, at);
                } else if (a.entry().src().equals(mounted.src()) || a.entry().src().equals(mounted.device())) {
                    work.steps.add(commands.remount());
                    work.details.add("remount " + a.path() + " (ephemeral: not in fstab)");
                } else {
                    throw new PlanException("Ephemeral mount point is already mounted with a different source than the specified one. "
                            + "Failing in order to prevent an unwanted unmount or override operation. Try replacing this command with "
                            + "a \"state: unmounted\" followed by a \"state: ephemeral\", or use a different destination path.");
                }
            }
            default -> throw new IllegalStateException(a.state());
        }
        if (work.steps.isEmpty()) return new Planned(Change.none(summary, why(a, mounted)));
        return new Planned(new Change(work.action, summary, work.details, work.diff, work.steps), work.predicted);
    }

    private static String why(MountArgs a, MountsQuery.Mounted mounted) {
        return switch (a.state()) {
            case "absent", "absent_from_fstab" -> "no fstab line for " + a.path();
            case "unmounted" -> a.path() + " is not mounted";
            case "present" -> "fstab line already present";
            default -> "mounted, fstab line already present" + (mounted == null ? "" : " (" + mounted.fstype() + ")");
        };
    }

    /** Adds the fstab edit to {@code work}; returns whether fstab changes. */
    private static boolean editFstab(MountArgs a, Facts facts, boolean present, Work work) {
        FileState current = facts.get(new FileQuery(a.fstab(), true));
        FileState.Present old = TextFileEdit.existing("mount", a.fstab(), current);
        FstabFile file = FstabFile.parse(old == null ? "" : old.contentText());
        FstabFile.Edit edit = present ? file.set(a.entry()) : file.unset(a.entry());
        if (!edit.changed()) return false;
        String what = present ? "fstab: " + a.entry().line().strip() : "fstab: remove the line for " + a.path();
        Planned write = TextFileEdit.rewrite(a.fstab(), current, old, edit.text().getBytes(StandardCharsets.UTF_8),
                new FileAttrs(null, null, null), a.backup(), what);
        work.details.addAll(write.change().details());
        work.steps.addAll(write.change().steps());
        work.predicted.addAll(write.predicted());
        work.diff = write.change().diff();
        if (work.action == Action.UPDATE) work.action = write.change().action();
        return true;
    }

    /** What the plan gathers: steps in order, their account, and the predicted facts. */
    private static final class Work {
        final List<Step> steps = new ArrayList<>();
        final List<String> details = new ArrayList<>();
        final List<FactUpdate<?>> predicted = new ArrayList<>();
        String diff;
        Action action = Action.UPDATE;

        void unmount(Step step, Map<String, MountsQuery.Mounted> mounts, String path) {
            steps.add(step);
            details.add("unmount " + path);
            Map<String, MountsQuery.Mounted> after = new HashMap<>(mounts);
            after.remove(path);
            predicted.add(new FactUpdate<>(new MountsQuery(), after));
        }

        void mount(Step step, Map<String, MountsQuery.Mounted> mounts, MountArgs a, FileState at) {
            steps.add(step);
            if (!at.exists()) {
                details.add("create directory " + a.path());
                predicted.add(new FactUpdate<>(new FileQuery(a.path(), false), new FileState.Present(FileState.Kind.DIRECTORY, -1,
                        FileAttrs.UNKNOWN, FileAttrs.UNKNOWN, 0, 0, 0, null, null, null)));
            }
            details.add("mount " + a.entry().src() + " on " + a.path() + " (" + a.entry().fstype() + ", " + a.entry().opts() + ")");
            Map<String, MountsQuery.Mounted> after = new HashMap<>(mounts);
            after.put(a.path(), new MountsQuery.Mounted(a.entry().src(), a.entry().src(), a.entry().fstype(), a.entry().opts()));
            predicted.add(new FactUpdate<>(new MountsQuery(), after));
            action = Action.CREATE;
        }
    }

    @Override
    public Map<String, Object> registered(MountArgs a, Planned planned, ExecResult last) {
        Map<String, Object> out = new LinkedHashMap<>();
        FstabFile.Entry e = a.entry();
        out.put("name", e.path());
        if (e.src() != null) out.put("src", e.src());
        if (e.fstype() != null) out.put("fstype", e.fstype());
        out.put("opts", e.opts());
        out.put("dump", e.dump());
        out.put("passno", e.passno());
        out.put("fstab", a.fstab());
        out.put("boot", a.boot());
        if (!a.warnings().isEmpty()) out.put("warnings", a.warnings());
        String backup = "";
        if (last != null) {
            for (String line : last.out().split("\n")) {
                if (line.startsWith(FileWrite.BACKUP_MARKER)) backup = line.substring(FileWrite.BACKUP_MARKER.length());
            }
        }
        out.put("backup_file", backup);
        return out;
    }
}
