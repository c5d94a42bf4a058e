package dev.opsctl.module.gem;

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
 * community.general.gem: one Ruby gem installed or removed with the host's own {@code gem}, decided as gem.py decides
 * (present: any installed version, or the asked one; absent: every version, or the asked one). {@code state: latest}
 * asks the gem source for its newest version, which only running can tell: it is planned as a run.
 */
public final class GemModule implements HostModule<GemArgs> {
    @Override
    public String name() {
        return "gem";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name", "state", "version", "executable", "gem_source", "repository", "source", "user_install",
                "install_dir", "bindir", "include_dependencies", "norc", "pre_release", "include_doc", "env_shebang",
                "build_flags", "force").require("name");
    }

    @Override
    public GemArgs parse(Args args, ModuleContext ctx) {
        return GemArgs.parse(args);
    }

    private static GemQuery query(GemArgs a) {
        return new GemQuery(a.gem(), a.installDir(), a.norc(), a.name());
    }

    @Override
    public List<FactQuery<?>> facts(GemArgs a) {
        return List.of(query(a));
    }

    @Override
    public Planned plan(GemArgs a, Facts facts) {
        GemQuery.Answer found = facts.get(query(a));
        String summary = "gem " + a.name() + (a.version() != null ? " " + a.version() : "");
        if (found.error() != null) throw new PlanException(found.error());
        if (a.state().equals("latest")) {
            return new Planned(new Change(Action.RUN, summary, List.of("install the newest version the source has"
                    + (found.versions().isEmpty() ? "" : " (installed " + String.join(", ", found.versions()) + ")")), null,
                    List.of(new Step(install(a)))));
        }
        boolean exists = a.version() != null ? found.versions().contains(a.version()) : !found.versions().isEmpty();
        boolean present = a.state().equals("present");
        if (present == exists) return new Planned(Change.none(summary, present ? "already installed" : "not installed"));
        List<String> after = new ArrayList<>(found.versions());
        if (present) after.add(a.version() != null ? a.version() : "?");
        else if (a.version() != null) after.remove(a.version());
        else after.clear();
        Change change = present
                ? new Change(Action.CREATE, summary, List.of("install " + a.gemSource()), null, List.of(new Step(install(a))))
                : new Change(Action.DELETE, summary, List.of("uninstall " + (a.version() != null ? "version " + a.version()
                        : String.join(", ", found.versions()))), null, List.of(new Step(uninstall(a))));
        return new Planned(change, List.of(new FactUpdate<>(query(a), new GemQuery.Answer(after, null))));
    }

    /** gem.py's install command, word for word (RubyGems 2 and later). */
    static String install(GemArgs a) {
        List<String> w = new ArrayList<>(a.gem());
        w.add("install");
        if (a.norc()) w.add("--norc");
        if (a.version() != null) w.addAll(List.of("--version", a.version()));
        if (a.repository() != null) w.addAll(List.of("--source", a.repository()));
        if (!a.includeDependencies()) w.add("--ignore-dependencies");
        w.add(a.userInstall() ? "--user-install" : "--no-user-install");
        if (a.installDir() != null) w.addAll(List.of("--install-dir", a.installDir()));
        if (a.bindir() != null) w.addAll(List.of("--bindir", a.bindir()));
        if (a.preRelease()) w.add("--pre");
        if (!a.includeDoc()) w.add("--no-document");
        if (a.envShebang()) w.add("--env-shebang");
        w.add(a.gemSource());
        if (a.buildFlags() != null) w.addAll(List.of("--", a.buildFlags()));
        if (a.force()) w.add("--force");
        return Shell.command(w);
    }

    /** gem.py's uninstall command; GEM_HOME set to install_dir, as gem.py's environment does. */
    static String uninstall(GemArgs a) {
        List<String> w = new ArrayList<>(a.gem());
        w.add("uninstall");
        if (a.norc()) w.add("--norc");
        if (a.installDir() != null) w.addAll(List.of("--install-dir", a.installDir()));
        if (a.bindir() != null) w.addAll(List.of("--bindir", a.bindir()));
        if (a.version() != null) w.addAll(List.of("--version", a.version()));
        else w.add("--all");
        w.add("--executable");
        if (a.force()) w.add("--force");
        w.add(a.name());
        String cmd = Shell.command(w);
        return a.installDir() == null ? cmd : "GEM_HOME=" + Shell.quote(a.installDir()) + " " + cmd;
    }

    @Override
    public Map<String, Object> registered(GemArgs a, Planned planned, ExecResult last) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", a.name());
        out.put("state", a.state());
        if (a.version() != null) out.put("version", a.version());
        if (last != null && !last.ok()) {
            out.put("cmd", a.state().equals("absent") ? uninstall(a) : install(a));
            out.put("rc", last.exitCode());
            out.put("stdout", last.out());
            out.put("stderr", last.err());
            out.put("msg", last.err().isBlank() ? last.out() : last.err());
        }
        return out;
    }
}
