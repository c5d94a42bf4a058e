package dev.opsctl.module.sysctl;

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
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.module.files.TextFileEdit;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.Shell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Ansible's {@code sysctl} (ansible.posix): a {@code key=value} line in {@code sysctl_file}, the running value set
 * with {@code sysctl -w} ({@code sysctl_set}), and {@code sysctl -p FILE} after a change ({@code reload}).
 * The decisions are sysctl.py's, in the same order.
 */
public final class SysctlModule implements HostModule<SysctlModule.SysctlArgs> {
    /** Typed arguments; {@code value} is null for state=absent without a value. */
    public record SysctlArgs(String name, String value, boolean present, String file, boolean reload, boolean set,
                             boolean ignoreErrors) {}

    private static final Set<String> TRUE = Set.of("y", "yes", "on", "1", "true", "t", "1.0");
    private static final Set<String> FALSE = Set.of("n", "no", "off", "0", "false", "f", "0.0");

    @Override
    public String name() {
        return "sysctl";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name", "key", "value", "val", "state", "sysctl_file", "reload", "sysctl_set", "ignoreerrors");
    }

    @Override
    public SysctlArgs parse(Args args, ModuleContext ctx) {
        String name = args.requiredString("name", "key").strip();
        boolean present = args.choice("state", "present", "present", "absent").equals("present");
        Object raw = args.raw("value") != null ? args.raw("value") : args.raw("val");
        if (present && raw == null) throw new ArgException("state is present but all of the following are missing: value");
        String file = args.string("sysctl_file");
        if (file == null) file = "/etc/sysctl.conf";
        return new SysctlArgs(name, raw == null ? null : value(raw), present, file, args.bool("reload", true),
                args.bool("sysctl_set", false), args.bool("ignoreerrors", false));
    }

    /** The value as sysctl.py's {@code _parse_value} reads it: booleans become 1 or 0. */
    static String value(Object raw) {
        if (raw instanceof Boolean b) return b ? "1" : "0";
        String s = String.valueOf(raw);
        String lower = s.toLowerCase(Locale.ROOT);
        if (TRUE.contains(lower)) return "1";
        if (FALSE.contains(lower)) return "0";
        return s.strip();
    }

    @Override
    public List<FactQuery<?>> facts(SysctlArgs a) {
        return List.of(new FileQuery(a.file(), true), new SysctlValueQuery(a.name()));
    }

    @Override
    public Planned plan(SysctlArgs a, Facts facts) {
        FileState current = facts.get(new FileQuery(a.file(), true));
        FileState.Present old = TextFileEdit.existing(name(), a.file(), current);
        SysctlFile file = SysctlFile.parse(old == null ? "" : old.contentText());
        String inFile = file.value(a.name());
        String running = facts.get(new SysctlValueQuery(a.name()));
        String summary = "sysctl " + a.name();

        boolean writeFile;
        boolean changed;
        if (inFile == null) {
            writeFile = changed = a.present();
        } else if (!a.present()) {
            // sysctl.py tests the file's value for truth: an empty "key=" line is left alone.
            writeFile = changed = !inFile.isEmpty();
        } else if (!inFile.equals(a.value())) {
            writeFile = changed = true;
        } else {
            writeFile = false;
            changed = a.reload() && !sameWords(running, a.value());
        }
        boolean setRunning = false;
        if (a.set() && a.present()) {
            changed |= !sameWords(running, a.value());
            setRunning = running != null && !sameWords(running, a.value());
        }
        if (!changed) {
            String why = a.present() ? a.name() + "=" + a.value() + " already in " + a.file() : a.name() + " not in " + a.file();
            return new Planned(Change.none(summary, why + (a.reload() || a.set() ? "; running value matches" : "")));
        }

        List<String> details = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        List<FactUpdate<?>> predicted = new ArrayList<>();
        String diff = null;
        Action action = Action.UPDATE;
        if (setRunning) {
            details.add("running value " + running + " -> " + a.value());
            steps.add(new Step(SysctlValueQuery.PATH + "; " + Shell.command(words("sysctl", a.ignoreErrors() ? "-e" : null, "-w", "--",
                    a.name() + "=" + a.value())) + " >/dev/null"));
        }
        if (writeFile) {
            byte[] after = file.with(a.name(), a.present() ? a.value() : null).getBytes(StandardCharsets.UTF_8);
            String what = a.present() ? (inFile == null ? "add " : "set ") + a.name() + "=" + a.value()
                    + (inFile == null ? "" : " (was " + inFile + ")") : "remove " + a.name() + "=" + inFile;
            Planned write = TextFileEdit.rewrite(a.file(), current, old, after, new FileAttrs(null, null, null), false, what);
            details.addAll(write.change().details());
            steps.addAll(write.change().steps());
            predicted.addAll(write.predicted());
            diff = write.change().diff();
            action = write.change().action();
        }
        if (a.reload()) {
            details.add("reload: sysctl -p " + a.file());
            steps.add(new Step(reload(a)));
        }
        if (a.present() && (setRunning || a.reload())) predicted.add(new FactUpdate<>(new SysctlValueQuery(a.name()), a.value()));
        return new Planned(new Change(action, summary, details, diff, steps), predicted);
    }

    /**
     * {@code sysctl -p FILE}, failing as sysctl.py does also when sysctl exits 0 but could not set a key.
     */
    private static String reload(SysctlArgs a) {
        String cmd = Shell.command(words("sysctl", a.ignoreErrors() ? "-e" : null, "-p", "--", a.file()));
        return SysctlValueQuery.PATH + "; out=$(" + cmd + " 2>&1); rc=$?; printf '%s\\n' \"$out\"; [ $rc -eq 0 ] && ! printf '%s\\n' \"$out\" | "
                + Shell.command("grep", "-Eq", "^sysctl: setting key \"[^\"]+\": (Invalid argument|Read-only file system)$");
    }

    /** Whether two values hold the same whitespace-separated words (sysctl.py's {@code _values_is_equal}). */
    static boolean sameWords(String a, String b) {
        if (a == null || b == null) return false;
        return Arrays.equals(a.strip().split("\\s+"), b.strip().split("\\s+"));
    }

    private static List<String> words(String... ws) {
        List<String> out = new ArrayList<>();
        for (String w : ws) if (w != null) out.add(w);
        return out;
    }
}
