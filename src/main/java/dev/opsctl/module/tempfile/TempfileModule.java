package dev.opsctl.module.tempfile;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's {@code tempfile}: a new, uniquely named file (mode 0600) or directory (0700) made with the host's
 * {@code mktemp}, named {@code PREFIX} + eight random characters + {@code SUFFIX} in {@code path} (default the
 * host's {@code $TMPDIR}, else {@code /tmp}, as Python's tempfile); {@code path} registered. Like Ansible, every run
 * makes a new one (changed), and a plan cannot know its name: what uses it is known after apply.
 */
public final class TempfileModule implements HostModule<TempfileModule.TempfileArgs> {
    /** @param directory state=directory; @param dir where, or null for the host's temporary directory */
    public record TempfileArgs(boolean directory, String dir, String prefix, String suffix) {}

    @Override
    public String name() {
        return "tempfile";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("state", "path", "prefix", "suffix");
    }

    @Override
    public TempfileArgs parse(Args args, ModuleContext ctx) {
        boolean directory = args.choice("state", "file", "file", "directory").equals("directory");
        String prefix = args.string("prefix");
        String suffix = args.string("suffix");
        return new TempfileArgs(directory, args.string("path"), prefix == null ? "ansible." : prefix, suffix == null ? "" : suffix);
    }

    @Override
    public List<FactQuery<?>> facts(TempfileArgs a) {
        return List.of();
    }

    @Override
    public Planned plan(TempfileArgs a, Facts facts) {
        List<String> words = new ArrayList<>(List.of("mktemp"));
        if (a.directory()) words.add("-d");
        if (!a.suffix().isEmpty()) words.add("--suffix=" + a.suffix());
        words.add("-p");
        String where = a.dir() == null ? "\"${TMPDIR:-/tmp}\"" : Shell.path(a.dir());
        // The template is one word; "--" keeps a prefix starting with "-" from being read as an option.
        String script = Shell.command(words) + " " + where + " -- " + Shell.quote(a.prefix() + "XXXXXXXX");
        String what = (a.directory() ? "temporary directory " : "temporary file ") + a.prefix() + "*" + a.suffix()
                + " in " + (a.dir() == null ? "$TMPDIR" : a.dir());
        return new Planned(new Change(Action.RUN, what, List.of(), null, List.of(new Step(script))));
    }

    @Override
    public Map<String, Object> registered(TempfileArgs a, Planned planned, ExecResult last) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (last != null && last.ok()) r.put("path", last.out().strip());
        else if (last != null) r.put("msg", last.err().strip());
        return r;
    }
}
