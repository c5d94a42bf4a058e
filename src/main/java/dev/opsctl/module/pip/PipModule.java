package dev.opsctl.module.pip;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's {@code pip}, with the host's pip (the module's own need, as in Ansible: a Python with pip, and for
 * {@code virtualenv} the {@code virtualenv_command}). Named packages are planned from {@code pip list} as pip.py's check
 * mode plans them; what cannot be known before running (requirements files, paths and URLs, latest, forcereinstall)
 * runs, known after apply.
 */
public final class PipModule implements HostModule<PipArgs> {
    @Override
    public String name() {
        return "pip";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name", "version", "requirements", "virtualenv", "virtualenv_site_packages", "virtualenv_command",
                "virtualenv_python", "state", "extra_args", "editable", "chdir", "executable", "umask");
    }

    @Override
    public PipArgs parse(Args args, ModuleContext ctx) {
        return PipArgs.parse(args);
    }

    @Override
    public List<FactQuery<?>> facts(PipArgs a) {
        return List.of(new PipQuery(a.pip(), a.virtualenv()));
    }

    @Override
    public Planned plan(PipArgs a, Facts facts) {
        PipQuery query = new PipQuery(a.pip(), a.virtualenv());
        PipQuery.Answer found = facts.get(query);
        String summary = "pip " + (a.names() != null ? String.join(" ", a.packages()) : "-r " + a.requirements())
                + (a.virtualenv() != null ? " in " + a.virtualenv() : "");
        if (found.venvExists() && found.error() != null) throw new PlanException("Unable to list packages with " + a.pip() + ": " + found.error());
        List<String> details = new ArrayList<>();
        List<String> cmds = new ArrayList<>();
        if (!found.venvExists()) {
            details.add("create virtualenv " + a.virtualenv() + " (" + String.join(" ", a.venvCommand()) + ")");
            List<String> create = new ArrayList<>(a.venvCommand());
            create.add(a.virtualenv());
            cmds.add(Shell.command(create));
        }
        List<Requirement> reqs = new ArrayList<>();
        boolean knowable = a.names() != null && (a.state().equals("present") || a.state().equals("absent"));
        if (knowable) {
            for (String p : a.packages()) {
                Requirement r = Requirement.parse(p);
                if (r == null) {
                    knowable = false;
                    break;
                }
                reqs.add(r);
            }
        }
        if (!knowable) {
            cmds.add(pipCommand(a));
            return new Planned(new Change(Action.RUN, summary, details, null, List.of(step(a, cmds))));
        }
        boolean present = a.state().equals("present");
        List<String> todo = new ArrayList<>();
        Map<String, String> after = new LinkedHashMap<>(found.packages());
        for (Requirement r : reqs) {
            String installed = found.packages().get(r.name());
            boolean satisfied = installed != null && ("?".equals(installed) || r.satisfiedBy(installed));
            if (present && !satisfied) {
                todo.add(r.text() + (installed == null ? "" : " (installed " + installed + ")"));
                after.put(r.name(), r.pinned() != null ? r.pinned() : "?");
            } else if (!present && installed != null) {
                todo.add(r.name() + " " + installed);
                after.remove(r.name());
            }
        }
        if (todo.isEmpty() && found.venvExists()) {
            return new Planned(Change.none(summary, present ? "already installed" : "not installed"));
        }
        for (String t : todo) details.add((present ? "install " : "uninstall ") + t);
        if (!todo.isEmpty() || !present) cmds.add(pipCommand(a));
        Action action = !found.venvExists() ? Action.CREATE : present ? Action.UPDATE : Action.DELETE;
        return new Planned(new Change(action, summary, details, null, List.of(step(a, cmds))),
                List.of(new FactUpdate<>(new PipQuery(a.pip(), a.virtualenv()), new PipQuery.Answer(true, after, null))));
    }

    /** The commands in {@code chdir} (pip.py's default: the temp directory), under the asked umask. */
    private static Step step(PipArgs a, List<String> cmds) {
        List<String> all = new ArrayList<>();
        if (a.umask() != null) all.add("umask " + a.umask());
        all.add(Shell.command("cd", a.chdir() == null ? "/tmp" : a.chdir()));
        all.addAll(cmds);
        return new Step(Shell.and(all));
    }

    /** pip.py's command: pip, the state's verb, extra_args, then the packages or {@code -r requirements}. */
    static String pipCommand(PipArgs a) {
        List<String> words = new ArrayList<>(List.of(a.pip()));
        words.addAll(switch (a.state()) {
            case "absent" -> List.of("uninstall", "-y");
            case "latest" -> List.of("install", "-U");
            case "forcereinstall" -> List.of("install", "-U", "--force-reinstall");
            default -> List.of("install");
        });
        words.addAll(a.extraArgs());
        if (a.names() != null) words.addAll(a.packages());
        else words.addAll(List.of("-r", a.requirements()));
        return Shell.command(words);
    }

    @Override
    public boolean failed(PipArgs a, ExecResult result) {
        // pip uninstall exits 1 for a package that is not installed; pip.py lets that pass.
        if (a.state().equals("absent") && result.exitCode() == 1 && (result.out() + result.err()).contains("not installed")) return false;
        return !result.ok();
    }

    @Override
    public Map<String, Object> registered(PipArgs a, Planned planned, ExecResult last) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cmd", Shell.split(pipCommand(a)));
        out.put("name", a.names());
        out.put("version", a.version());
        out.put("state", a.state());
        out.put("requirements", a.requirements());
        out.put("virtualenv", a.virtualenv());
        out.put("stdout", last == null ? "" : last.out());
        out.put("stderr", last == null ? "" : last.err());
        if (last != null && failed(a, last)) out.put("msg", "stdout: " + last.out() + "\n\n:stderr: " + last.err());
        return out;
    }
}
