package dev.opsctl.module.pamlimits;

import dev.opsctl.facts.FactQuery;
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
import dev.opsctl.module.files.FileContent;
import dev.opsctl.module.files.FileWrite;
import dev.opsctl.module.files.TextFileEdit;
import dev.opsctl.plan.Change;
import dev.opsctl.transport.ExecResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * community.general's {@code pam_limits}: one {@code domain type item value} line of limits.conf, with its comment,
 * {@code use_max} and {@code use_min}. The rewrite follows pam_limits.py line for line (see {@link LimitsFile}).
 */
public final class PamLimitsModule implements HostModule<PamLimitsModule.LimitArgs> {
    static final List<String> ITEMS = List.of("core", "data", "fsize", "memlock", "nofile", "rss", "stack", "cpu", "nproc", "as",
            "maxlogins", "maxsyslogins", "priority", "locks", "sigpending", "msgqueue", "nice", "rtprio", "chroot");

    /** Typed arguments. */
    public record LimitArgs(String domain, String type, String item, String value, boolean useMax, boolean useMin, boolean backup,
                            String dest, String comment) {}

    @Override
    public String name() {
        return "pam_limits";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("domain", "limit_type", "limit_item", "value", "use_max", "use_min", "backup", "dest", "comment")
                .require("domain", "limit_type", "limit_item", "value");
    }

    @Override
    public LimitArgs parse(Args args, ModuleContext ctx) {
        String type = args.choice("limit_type", null, "soft", "hard", "-");
        String item = args.choice("limit_item", null, ITEMS.toArray(String[]::new));
        String value = args.requiredString("value");
        boolean useMax = args.bool("use_max", false);
        boolean useMin = args.bool("use_min", false);
        if (useMax && useMin) throw new ArgException("Cannot use use_min and use_max at the same time.");
        LimitsFile.checkValue(item, value, "");
        String dest = args.string("dest");
        String comment = args.string("comment");
        return new LimitArgs(args.requiredString("domain"), type, item, value, useMax, useMin, args.bool("backup", false),
                dest == null ? "/etc/security/limits.conf" : dest, comment == null ? "" : comment);
    }

    @Override
    public List<FactQuery<?>> facts(LimitArgs a) {
        return List.of(new FileQuery(a.dest(), true), new FileQuery(FileWrite.parent(a.dest()), false));
    }

    @Override
    public Planned plan(LimitArgs a, Facts facts) {
        FileState current = facts.get(new FileQuery(a.dest(), true));
        FileState.Present old = TextFileEdit.existing(name(), a.dest(), current);
        if (old == null && !facts.get(new FileQuery(FileWrite.parent(a.dest()), false)).is(FileState.Kind.DIRECTORY)) {
            throw new PlanException("directory " + FileWrite.parent(a.dest()) + " is not writable (check presence, access rights, use sudo)");
        }
        LimitsFile.Result r = LimitsFile.apply(old == null ? "" : old.contentText(), a);
        String summary = "limit " + a.domain() + " " + a.type() + " " + a.item();
        // A missing file is created (empty) even when nothing else changes, as pam_limits.py does.
        // The first detail is the line pam_limits reports as msg (register: gives it back with its newline).
        String line = r.message().endsWith("\n") ? r.message().substring(0, r.message().length() - 1) : r.message();
        if (!r.changed() && old != null) return new Planned(Change.none(summary, line));
        return TextFileEdit.rewrite(a.dest(), current, old, r.text().getBytes(StandardCharsets.UTF_8), new FileAttrs(null, null, null),
                a.backup(), line);
    }

    @Override
    public Map<String, Object> registered(LimitArgs a, Planned planned, ExecResult last) {
        Map<String, Object> out = FileContent.registered(a.dest(), last);
        out.remove("dest");
        out.put("msg", planned.change().details().get(0) + "\n");
        return out;
    }
}
