package dev.opsctl.module.debconf;

import dev.opsctl.facts.DebconfQuery;
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
import dev.opsctl.secret.Secrets;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Shell;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ansible's {@code debconf}: reads a package's answers with {@code debconf-show} and sets one with
 * {@code debconf-set-selections} when it differs, as ansible-core 2.14 does. A {@code password} answer is a secret:
 * registered with the run's secrets, so no output, plan file or diff shows it; debconf-show never shows one either, so
 * (as in Ansible) a password question is set on every run.
 */
public final class DebconfModule implements HostModule<DebconfModule.DebconfArgs> {
    /**
     * Typed arguments; {@code question} null: only read the answers.
     */
    public record DebconfArgs(String pkg, String question, String vtype, String value, boolean unseen) {
        boolean secret() {
            return "password".equals(vtype);
        }
    }

    static final List<String> VTYPES = List.of("boolean", "error", "multiselect", "note", "password", "seen", "select", "string", "text", "title");
    /** What debconf-show prints for a password's value. */
    static final String PASSWORD_OMITTED = "(password omitted)";

    @Override
    public String name() {
        return "debconf";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name", "pkg", "question", "selection", "setting", "vtype", "value", "answer", "unseen");
    }

    @Override
    public DebconfArgs parse(Args args, ModuleContext ctx) {
        String pkg = args.requiredString("name", "pkg");
        String question = args.string("question", "selection", "setting");
        String vtype = args.has("vtype") ? args.choice("vtype", null, VTYPES.toArray(String[]::new)) : null;
        String value = pythonStr(args.has("value") ? args.raw("value") : args.raw("answer"));
        int given = (question == null ? 0 : 1) + (vtype == null ? 0 : 1) + (value == null ? 0 : 1);
        if (given != 0 && given != 3) throw new ArgException("parameters are required together: question, vtype, value");
        if ("password".equals(vtype)) Secrets.register(value);
        return new DebconfArgs(pkg, question, vtype, value, args.bool("unseen", false));
    }

    /** The value as Ansible's {@code type='str'} makes it: a YAML boolean becomes {@code True}/{@code False}. */
    private static String pythonStr(Object raw) {
        if (raw == null) return null;
        if (raw instanceof Boolean b) return b ? "True" : "False";
        return String.valueOf(raw);
    }

    @Override
    public List<FactQuery<?>> facts(DebconfArgs a) {
        return List.of(new DebconfQuery(a.pkg()));
    }

    /**
     * Pure. The first predicted update is the answers as they are now (the second, when one changes, as they will be):
     * {@link #registered} reads what debconf.py returns as {@code previous} and {@code current} from it.
     */
    @Override
    public Planned plan(DebconfArgs a, Facts facts) {
        DebconfQuery.Selections prev = facts.get(new DebconfQuery(a.pkg()));
        if (prev.error() != null) throw new PlanException(prev.error());
        FactUpdate<DebconfQuery.Selections> now = new FactUpdate<>(new DebconfQuery(a.pkg()), prev);
        String summary = "debconf " + a.pkg() + (a.question() == null ? "" : " " + a.question());
        if (a.question() == null) return new Planned(Change.none(summary, "no question given: answers are only read"), List.of(now));
        String existing = prev.questions().get(a.question());
        if (existing != null && !a.secret() && comparable(a, a.value()).equals(comparable(a, existing))) {
            return new Planned(Change.none(summary, "already " + existing), List.of(now));
        }
        String detail = a.secret() ? (existing == null ? "new password answer" : "password answer set again (debconf-show never shows one)")
                : (existing == null ? "(no answer)" : existing) + " -> " + sent(a);
        String data = String.join(" ", a.pkg(), a.question(), a.vtype(), sent(a));
        Step step = new Step(a.unseen() ? Shell.command("debconf-set-selections", "-u") : Shell.command("debconf-set-selections"),
                data.getBytes(StandardCharsets.UTF_8));
        String after = a.secret() ? PASSWORD_OMITTED : sent(a);
        return new Planned(new Change(existing == null ? Action.CREATE : Action.UPDATE, summary, List.of(a.vtype() + " " + detail), null, List.of(step)),
                List.of(now, new FactUpdate<>(new DebconfQuery(a.pkg()), prev.with(a.question(), after))));
    }

    /** debconf.py compares a boolean's answers in lower case. */
    private static String comparable(DebconfArgs a, String value) {
        return "boolean".equals(a.vtype()) ? value.toLowerCase(Locale.ROOT) : value;
    }

    /** The answer as debconf.py hands it to debconf-set-selections: a boolean's True/False in lower case. */
    private static String sent(DebconfArgs a) {
        if ("boolean".equals(a.vtype()) && (a.value().equals("True") || a.value().equals("False"))) return a.value().toLowerCase(Locale.ROOT);
        return a.value();
    }

    @Override
    public Map<String, Object> registered(DebconfArgs a, Planned planned, ExecResult last) {
        String msg = last == null ? "" : last.out();
        Map<String, String> prev = ((DebconfQuery.Selections) planned.predicted().get(0).value()).questions();
        // Unchanged: debconf.py returns every answer debconf-show listed as "current".
        if (!planned.change().action().isChange()) return Map.of("msg", msg, "current", new LinkedHashMap<>(prev));
        Map<String, Object> previous = new LinkedHashMap<>();
        previous.put(a.question(), prev.getOrDefault(a.question(), ""));
        return Map.of("msg", msg, "current", Map.of(a.question(), sent(a)), "previous", previous);
    }
}
