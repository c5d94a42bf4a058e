package dev.opsctl.module.modprobe;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileSetQuery;
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
import dev.opsctl.module.files.TextFileEdit;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Shell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * community.general's {@code modprobe}: a kernel module loaded or unloaded with the host's {@code modprobe}, and with
 * {@code persistent} listed in (or commented out of) modules-load.d and modprobe.d, as modprobe.py decides.
 */
public final class ModprobeModule implements HostModule<ModprobeModule.ModprobeArgs> {
    /** Typed arguments. */
    public record ModprobeArgs(String name, String state, String params, String persistent) {}

    private static final FileSetQuery LOAD_FILES = new FileSetQuery(List.of(ModprobeFiles.LOAD_DIR + "/*"));
    private static final FileSetQuery OPTION_FILES = new FileSetQuery(List.of(ModprobeFiles.OPTIONS_DIR + "/*"));

    @Override
    public String name() {
        return "modprobe";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name", "state", "params", "persistent").require("name");
    }

    @Override
    public ModprobeArgs parse(Args args, ModuleContext ctx) {
        String name = args.requiredString("name");
        String params = args.string("params");
        ModprobeArgs a = new ModprobeArgs(name, args.choice("state", "present", "absent", "present"), params == null ? "" : params,
                args.choice("persistent", "disabled", "disabled", "present", "absent"));
        try {
            Shell.split(a.params());
        } catch (IllegalArgumentException e) {
            throw new ArgException("argument 'params': " + e.getMessage());
        }
        new ModprobeFiles(name);
        return a;
    }

    @Override
    public List<FactQuery<?>> facts(ModprobeArgs a) {
        List<FactQuery<?>> q = new ArrayList<>(List.of(new KernelModuleQuery(a.name())));
        if (!a.persistent().equals("disabled")) {
            q.addAll(List.of(LOAD_FILES, OPTION_FILES, new FileQuery(ModprobeFiles.LOAD_DIR, false), new FileQuery(ModprobeFiles.OPTIONS_DIR, false)));
        }
        return q;
    }

    @Override
    public Planned plan(ModprobeArgs a, Facts facts) {
        Boolean loaded = facts.get(new KernelModuleQuery(a.name()));
        if (loaded == null) throw new PlanException("[Errno 2] No such file or directory: '/proc/modules'");
        List<String> details = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        List<FactUpdate<?>> predicted = new ArrayList<>();
        Action action = Action.UPDATE;
        if (a.state().equals("present") && !loaded) {
            List<String> words = new ArrayList<>(List.of("modprobe", "--", a.name()));
            words.addAll(Shell.split(a.params()));
            steps.add(new Step("PATH=$PATH:/sbin:/usr/sbin; " + Shell.command(words)));
            details.add("load " + a.name() + (a.params().isBlank() ? "" : " " + a.params().strip()));
            predicted.add(new FactUpdate<>(new KernelModuleQuery(a.name()), true));
            action = Action.CREATE;
        } else if (a.state().equals("absent") && loaded) {
            steps.add(new Step("PATH=$PATH:/sbin:/usr/sbin; " + Shell.command("modprobe", "-r", "--", a.name())));
            details.add("unload " + a.name());
            predicted.add(new FactUpdate<>(new KernelModuleQuery(a.name()), false));
            action = Action.DELETE;
        }
        if (!a.persistent().equals("disabled")) persist(a, facts, details, steps, predicted);
        String summary = "kernel module " + a.name();
        if (steps.isEmpty()) {
            return new Planned(Change.none(summary, (a.state().equals("present") ? "loaded" : "not loaded")
                    + (a.persistent().equals("disabled") ? "" : ", persistence as asked")));
        }
        return new Planned(new Change(action, summary, details, null, steps), predicted);
    }

    private static void persist(ModprobeArgs a, Facts facts, List<String> details, List<Step> steps, List<FactUpdate<?>> predicted) {
        for (String dir : List.of(ModprobeFiles.LOAD_DIR, ModprobeFiles.OPTIONS_DIR)) {
            if (!facts.get(new FileQuery(dir, false)).is(FileState.Kind.DIRECTORY)) {
                throw new PlanException("[Errno 2] No such file or directory: '" + dir + "'");
            }
        }
        Map<String, FileState.Present> load = facts.get(LOAD_FILES);
        Map<String, FileState.Present> options = facts.get(OPTION_FILES);
        ModprobeFiles files = new ModprobeFiles(a.name());
        Map<String, String> writes = a.persistent().equals("present")
                ? files.present(ModprobeFiles.texts(load), ModprobeFiles.texts(options), a.params())
                : files.absent(ModprobeFiles.texts(load), ModprobeFiles.texts(options));
        Map<String, FileState.Present> loadAfter = new LinkedHashMap<>(load);
        Map<String, FileState.Present> optionsAfter = new LinkedHashMap<>(options);
        writes.forEach((path, text) -> {
            Map<String, FileState.Present> set = path.startsWith(ModprobeFiles.LOAD_DIR + "/") ? loadAfter : optionsAfter;
            FileState.Present old = set.get(path);
            Planned write = TextFileEdit.rewrite(path, old == null ? FileState.ABSENT : old, old, text.getBytes(StandardCharsets.UTF_8),
                    new FileAttrs(null, null, null), false, (old == null ? "write " : "rewrite ") + path);
            details.addAll(write.change().details());
            steps.addAll(write.change().steps());
            predicted.addAll(write.predicted());
            set.put(path, (FileState.Present) write.predicted().get(0).value());
        });
        if (!writes.isEmpty()) {
            predicted.add(new FactUpdate<>(LOAD_FILES, loadAfter));
            predicted.add(new FactUpdate<>(OPTION_FILES, optionsAfter));
        }
    }

    @Override
    public Map<String, Object> registered(ModprobeArgs a, Planned planned, ExecResult last) {
        return Map.of("name", a.name(), "params", a.params(), "state", a.state());
    }
}
