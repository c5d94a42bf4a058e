package dev.opsctl.module.ufw;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
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
 * community.general's {@code ufw}: the firewall's state, default policies, logging and rules, through the host's
 * {@code ufw}, decided as ufw.py decides (see {@link UfwDecisions}). A change runs every command of the task, as ufw.py
 * does, and plans as a command ({@code >}): what ufw writes (rules files, iptables) is read again afterwards, not
 * predicted. Registers {@code commands} and {@code msg} (the status after) as ufw.py returns them.
 */
public final class UfwModule implements HostModule<UfwArgs> {
    /** Printed by the step between ufw's own output and the status after, which {@code msg} holds. */
    private static final String STATUS_MARK = "@opsctl-ufw status after";

    @Override
    public String name() {
        return "ufw";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of(UfwArgs.NAMES.toArray(String[]::new));
    }

    @Override
    public UfwArgs parse(Args args, ModuleContext ctx) {
        UfwArgs a = UfwArgs.parse(args);
        try {
            query(a);
        } catch (IllegalArgumentException e) {
            // ufw.py hands the line to shlex, which refuses it the same way (a quote in a comment or app name).
            throw new ArgException("the ufw command line cannot be split into words: " + e.getMessage());
        }
        return a;
    }

    @Override
    public List<FactQuery<?>> facts(UfwArgs a) {
        return List.of(query(a));
    }

    static UfwQuery query(UfwArgs a) {
        if (a.rule() == null) return new UfwQuery(null, null);
        boolean relative = a.insert() != null && !a.delete() && !a.insertRelativeTo().equals("zero");
        // A relative insert's position is computed on the host, from the numbered rules, before its dry run.
        List<String> words = Shell.split(UfwCommands.rule(a, "ufw", true, relative ? null : a.insert()));
        List<String> dryRun = words.subList(2, words.size());
        return new UfwQuery(dryRun, relative ? new UfwQuery.Relative(a.insert(), a.insertRelativeTo(), a.route() ? 1 : 0) : null);
    }

    @Override
    public Planned plan(UfwArgs a, Facts facts) {
        UfwQuery.UfwState s = facts.get(query(a));
        if (s.missingIn() != null) {
            throw new PlanException("Failed to find required executable \"ufw\" in paths: " + s.missingIn());
        }
        if (s.statusRc() != 0) throw new PlanException(s.status().strip());
        List<String> why = new ArrayList<>();
        if (a.state() != null && UfwDecisions.state(a.state(), s.status())) why.add("state " + a.state());
        if (a.policy() != null && UfwDecisions.policy(a.policy(), a.direction(), s.status(), s.policies())) {
            why.add("default " + a.policy() + " " + (a.direction() == null ? "incoming" : a.direction()));
        }
        if (a.rule() != null) {
            if (s.dryRunRc() != 0) throw new PlanException(s.dryRun().strip());
            if (UfwDecisions.rule(a, s.rules(), s.dryRun())) why.add(a.delete() ? "delete rule" : "rule");
        }
        if (a.logging() != null && UfwDecisions.logging(a.logging(), s.status())) why.add("logging " + a.logging());
        String summary = "ufw " + summary(a);
        // The state read stays as it was (a change is read again after it runs); register takes its paths and status.
        List<FactUpdate<?>> read = List.of(new FactUpdate<>(query(a), s));
        if (why.isEmpty()) return new Planned(Change.none(summary, "as asked"), read);
        List<String> commands = UfwCommands.changes(a, s.ufw(), UfwDecisions.insertAt(a, s.numbered()));
        List<String> script = new ArrayList<>();
        for (String c : commands) script.add(Shell.command(Shell.split(c)));
        script.add("printf '%s\\n' " + Shell.quote(STATUS_MARK));
        script.add(Shell.command(s.ufw(), "status", "verbose"));
        return new Planned(new Change(Action.RUN, summary, commands, null,
                List.of(new Step("export LANGUAGE=C LC_ALL=C; " + Shell.and(script)))), read);
    }

    private static String summary(UfwArgs a) {
        List<String> parts = new ArrayList<>();
        if (a.state() != null) parts.add(a.state());
        if (a.policy() != null) parts.add("default " + a.policy() + (a.direction() == null ? "" : " " + a.direction()));
        if (a.rule() != null) parts.add(UfwCommands.rule(a, "", false, a.insert()).strip());
        if (a.logging() != null) parts.add("logging " + a.logging());
        return String.join(", ", parts);
    }

    /**
     * ufw.py's {@code commands}: its reads (status, rules, version for a rule), the task's commands, and the reads after
     * (status; the rules again unless it already knew of a change: reloaded, reset, logging); {@code msg} the status after.
     */
    @Override
    public Map<String, Object> registered(UfwArgs a, Planned planned, ExecResult last) {
        UfwQuery.UfwState s = (UfwQuery.UfwState) planned.predicted().get(0).value();
        Map<String, Object> reg = new LinkedHashMap<>();
        List<String> commands = new ArrayList<>(List.of(UfwCommands.status(s.ufw()), UfwCommands.rules(s.grep())));
        commands.addAll(UfwCommands.ran(a, s.ufw(), UfwDecisions.insertAt(a, s.numbered())));
        commands.add(UfwCommands.status(s.ufw()));
        boolean knewOfChange = (a.state() != null && (a.state().equals("reloaded") || a.state().equals("reset")))
                || (a.logging() != null && UfwDecisions.logging(a.logging(), s.status()));
        if (!knewOfChange) commands.add(UfwCommands.rules(s.grep()));
        reg.put("commands", commands);
        if (last == null) {
            reg.put("msg", s.status().stripTrailing());
        } else if (!last.ok()) {
            reg.put("msg", (last.err().isBlank() ? last.out() : last.err()).strip());
        } else {
            String out = last.out();
            int mark = out.indexOf(STATUS_MARK + "\n");
            reg.put("msg", mark < 0 ? out.strip() : out.substring(mark + STATUS_MARK.length() + 1).stripTrailing());
        }
        return reg;
    }
}
