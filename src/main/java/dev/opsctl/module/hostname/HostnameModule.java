package dev.opsctl.module.hostname;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.SystemdQuery;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.module.files.FileWrite;
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
 * Ansible's {@code hostname}: the permanent name (/etc/hostname) and the running one. With systemd (found on the
 * host, or {@code use: systemd|debian}) both go through hostnamectl, as Ansible's systemd strategy does; otherwise
 * /etc/hostname is written and the running name set with {@code hostname NAME}.
 */
public final class HostnameModule implements HostModule<HostnameModule.HostnameArgs> {
    /** How the name is set: {@code null} strategy means "systemd when the host runs it, else the file". */
    public record HostnameArgs(String name, Strategy use) {}

    /** The supported strategies of Ansible's {@code use}. */
    public enum Strategy { SYSTEMD, FILE, ALPINE }

    static final String FILE = "/etc/hostname";

    @Override
    public String name() {
        return "hostname";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name", "use").require("name");
    }

    @Override
    public HostnameArgs parse(Args args, ModuleContext ctx) {
        String use = args.string("use");
        Strategy s = use == null ? null : switch (use) {
            // Ansible maps use=debian to its systemd strategy too.
            case "systemd", "debian" -> Strategy.SYSTEMD;
            case "alpine" -> Strategy.ALPINE;
            default -> throw new ArgException("argument 'use': strategy '" + use + "' is not supported (supported: systemd, debian, alpine)");
        };
        return new HostnameArgs(args.requiredString("name"), s);
    }

    @Override
    public List<FactQuery<?>> facts(HostnameArgs a) {
        return List.of(new FileQuery(FILE, true), new RunningHostnameQuery(), new SystemdQuery());
    }

    @Override
    public Planned plan(HostnameArgs a, Facts facts) {
        Strategy s = a.use() != null ? a.use() : facts.get(new SystemdQuery()) ? Strategy.SYSTEMD : Strategy.FILE;
        FileState current = facts.get(new FileQuery(FILE, true));
        FileState.Present old = TextFileEdit.existing(name(), FILE, current);
        String permanent = old == null ? "" : old.contentText().strip();
        String running = facts.get(new RunningHostnameQuery());
        String summary = "hostname " + a.name();
        if (permanent.equals(a.name()) && running.equals(a.name())) {
            return new Planned(Change.none(summary, "hostname is already " + a.name()));
        }
        List<String> details = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        List<FactUpdate<?>> predicted = new ArrayList<>();
        String diff = null;
        if (!running.equals(a.name())) {
            details.add("running name " + running + " -> " + a.name());
            steps.add(new Step(s == Strategy.SYSTEMD ? Shell.command("hostnamectl", "--transient", "set-hostname", "--", a.name())
                    : Shell.command("hostname", "--", a.name())));
            predicted.add(new FactUpdate<>(new RunningHostnameQuery(), a.name()));
        }
        if (!permanent.equals(a.name())) {
            if (s == Strategy.SYSTEMD) {
                details.add("permanent name " + (permanent.isEmpty() ? "(none)" : permanent) + " -> " + a.name());
                steps.add(new Step(Shell.command("hostnamectl", "--pretty", "--static", "set-hostname", "--", a.name())));
                // hostnamectl writes /etc/hostname itself.
                byte[] content = (a.name() + "\n").getBytes(StandardCharsets.UTF_8);
                predicted.add(new FactUpdate<>(new FileQuery(FILE, true),
                        new FileWrite(FILE, content, new FileAttrs(null, null, null), null, current, false, false).after()));
            } else {
                Planned write = TextFileEdit.rewrite(FILE, current, old, (a.name() + "\n").getBytes(StandardCharsets.UTF_8),
                        new FileAttrs(null, null, null), false, "permanent name " + (permanent.isEmpty() ? "(none)" : permanent) + " -> " + a.name());
                details.addAll(write.change().details());
                steps.addAll(write.change().steps());
                predicted.addAll(write.predicted());
                diff = write.change().diff();
            }
        }
        if (s == Strategy.ALPINE && !permanent.equals(a.name())) steps.add(new Step(Shell.command("hostname", "-F", FILE)));
        return new Planned(new Change(Action.UPDATE, summary, details, diff, steps), predicted);
    }

    @Override
    public Map<String, Object> registered(HostnameArgs a, Planned planned, ExecResult last) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", a.name());
        out.put("ansible_facts", Map.of("ansible_hostname", a.name().split("\\.", 2)[0], "ansible_nodename", a.name()));
        return out;
    }
}
