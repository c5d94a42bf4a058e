package dev.opsctl.module.command;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
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
 * Ansible's {@code command} (words run as they are, no shell expansion) and {@code shell} (a script for
 * {@code sh} or {@code executable}). Always RUN, unless {@code creates} exists or {@code removes} does not.
 */
public final class CommandModule implements HostModule<CommandModule.Spec> {
    /** The command to run and its guards. */
    public record Spec(String display, String script, String creates, String removes, String chdir, byte[] stdin) {}

    private final boolean shell;

    public CommandModule(boolean shell) {
        this.shell = shell;
    }

    @Override
    public String name() {
        return shell ? "shell" : "command";
    }

    @Override
    public ArgSpec spec() {
        return shell
                ? ArgSpec.of("cmd", "creates", "removes", "chdir", "executable", "stdin", "stdin_add_newline").withFreeForm()
                : ArgSpec.of("cmd", "argv", "creates", "removes", "chdir", "stdin", "stdin_add_newline").withFreeForm();
    }

    @Override
    public Spec parse(Args args, ModuleContext ctx) {
        String raw = args.string(ArgSpec.RAW, "cmd");
        List<String> argv = shell ? null : args.list("argv");
        if ((raw == null || raw.isBlank()) && argv == null) throw new ArgException("no command given (free form, 'cmd' or 'argv')");
        if (raw != null && argv != null) throw new ArgException("give either a command line or 'argv', not both");
        String script;
        String display;
        if (shell) {
            String executable = args.string("executable");
            script = executable == null ? raw : Shell.command(executable, "-c", raw);
            display = raw;
        } else {
            List<String> words;
            try {
                words = argv != null ? argv : Shell.split(raw);
            } catch (IllegalArgumentException e) {
                throw new ArgException(e.getMessage());
            }
            script = Shell.command(words);
            display = argv != null ? String.join(" ", argv) : raw;
        }
        String chdir = args.string("chdir");
        if (chdir != null) script = Shell.and(List.of("cd " + Shell.path(chdir), script));
        byte[] stdin = new byte[0];
        String in = args.string("stdin");
        if (in != null) {
            if (args.bool("stdin_add_newline", true)) in = in + "\n";
            stdin = in.getBytes(StandardCharsets.UTF_8);
        }
        return new Spec(display, script, args.string("creates"), args.string("removes"), chdir, stdin);
    }

    @Override
    public List<FactQuery<?>> facts(Spec s) {
        List<FactQuery<?>> q = new ArrayList<>();
        if (s.creates() != null) q.add(new FileQuery(guardPath(s, s.creates()), false));
        if (s.removes() != null) q.add(new FileQuery(guardPath(s, s.removes()), false));
        return q;
    }

    @Override
    public Planned plan(Spec s, Facts facts) {
        String summary = name() + ": " + s.display();
        if (s.creates() != null && facts.get(new FileQuery(guardPath(s, s.creates()), false)).exists()) {
            return new Planned(Change.none(summary, s.creates() + " exists"));
        }
        if (s.removes() != null && !facts.get(new FileQuery(guardPath(s, s.removes()), false)).exists()) {
            return new Planned(Change.none(summary, s.removes() + " does not exist"));
        }
        return new Planned(new Change(Action.RUN, summary, List.of(), null, List.of(new Step(s.script(), s.stdin()))));
    }

    @Override
    public Map<String, Object> registered(Spec s, Planned planned, ExecResult last) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("cmd", s.display());
        if (last == null) {
            r.put("rc", 0);
            r.put("stdout", "");
            r.put("stderr", "");
            r.put("msg", planned.change().details().isEmpty() ? "" : "skipped, since " + planned.change().details().get(0));
        } else {
            r.put("rc", last.exitCode());
            r.put("stdout", stripEnd(last.out()));
            r.put("stderr", stripEnd(last.err()));
            if (!last.ok()) r.put("msg", "non-zero return code");
        }
        r.put("stdout_lines", lines((String) r.get("stdout")));
        r.put("stderr_lines", lines((String) r.get("stderr")));
        return r;
    }

    /** Relative guards are relative to chdir, as in Ansible. */
    private static String guardPath(Spec s, String path) {
        if (path.startsWith("/") || s.chdir() == null) return path;
        return s.chdir().endsWith("/") ? s.chdir() + path : s.chdir() + "/" + path;
    }

    private static String stripEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) end--;
        return s.substring(0, end);
    }

    private static List<String> lines(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split("\n", -1));
    }
}
