package dev.opsctl.module.pause;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.module.group.GroupModule;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Shell;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's {@code pause} for a set time ({@code seconds} or {@code minutes}). It changes nothing: the plan shows
 * the pause and apply sleeps on each host, in parallel, so the play waits as long as Ansible's once-for-all pause
 * (with at least as many forks as hosts). A pause that waits for a key press is refused: opsctl never reads the terminal.
 */
public final class PauseModule implements HostModule<PauseModule.PauseArgs> {
    /** {@code prompt} is shown in the plan, or null. */
    public record PauseArgs(int seconds, String prompt) {}

    @Override
    public String name() {
        return "pause";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("seconds", "minutes", "prompt", "echo");
    }

    @Override
    public PauseArgs parse(Args args, ModuleContext ctx) {
        if (args.has("seconds") && args.has("minutes")) throw new ArgException("parameters are mutually exclusive: minutes|seconds");
        args.bool("echo", true);
        Integer minutes = GroupModule.integer(args, "minutes");
        Integer seconds = minutes != null ? Integer.valueOf(minutes * 60) : GroupModule.integer(args, "seconds");
        if (seconds == null) {
            throw new ArgException("pause without 'seconds' or 'minutes' waits for a key press, which opsctl does not support"
                    + " (it never reads the terminal); give seconds or minutes");
        }
        return new PauseArgs(seconds, args.string("prompt"));
    }

    @Override
    public List<FactQuery<?>> facts(PauseArgs a) {
        return List.of();
    }

    @Override
    public Planned plan(PauseArgs a, Facts facts) {
        String what = "pause for " + a.seconds() + " seconds" + (a.prompt() == null ? "" : ": " + a.prompt());
        return new Planned(new Change(Action.NO_OP, "pause", List.of(what), null,
                List.of(new Step(Shell.command("sleep", String.valueOf(a.seconds()))))));
    }

    @Override
    public Map<String, Object> registered(PauseArgs a, Planned planned, ExecResult last) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("delta", a.seconds());
        out.put("echo", true);
        out.put("stdout", "Paused for " + a.seconds() + " seconds");
        out.put("user_input", "");
        return out;
    }
}
