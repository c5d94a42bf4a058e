package dev.opsctl.module.cron;

import dev.opsctl.facts.CrontabQuery;
import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.ContentDiff;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.module.files.FileWrite;
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
 * Ansible's {@code cron}: one job in a user's crontab (through {@code crontab}) or in a cron file, found by its
 * {@code #Ansible: NAME} marker line, so crontabs Ansible wrote are adopted and rewritten byte for byte.
 */
public final class CronModule implements HostModule<CronModule.CronArgs> {
    private static final List<String> SPECIAL = List.of("reboot", "yearly", "annually", "monthly", "weekly", "daily", "hourly");

    /** Typed arguments; {@code cronFile} is absolute (a bare name is under /etc/cron.d), or null for a crontab. */
    public record CronArgs(String name, String user, String job, String cronFile, boolean present, String minute,
                           String hour, String day, String month, String weekday, String specialTime, boolean disabled,
                           boolean env, String insertAfter, String insertBefore) {}

    @Override
    public String name() {
        return "cron";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name", "user", "job", "value", "cron_file", "state", "minute", "hour", "day", "dom", "month",
                "weekday", "dow", "special_time", "disabled", "env", "insertafter", "insertbefore").require("name");
    }

    @Override
    public CronArgs parse(Args args, ModuleContext ctx) {
        String name = args.requiredString("name");
        String cronFile = args.string("cron_file");
        if (cronFile != null) {
            if (cronFile.equals("/etc/crontab")) throw new ArgException("Will not manage /etc/crontab via cron_file, see documentation.");
            if (!cronFile.startsWith("/")) cronFile = "/etc/cron.d/" + cronFile;
        }
        boolean present = args.choice("state", "present", "present", "absent").equals("present");
        String special = args.string("special_time");
        if (special != null && !SPECIAL.contains(special)) {
            throw new ArgException("argument 'special_time' must be one of " + String.join(", ", SPECIAL) + ", not '" + special + "'");
        }
        String minute = field(args, "minute");
        String hour = field(args, "hour");
        String day = field(args, "day", "dom");
        String month = field(args, "month");
        String weekday = field(args, "weekday", "dow");
        if (special != null && !List.of(minute, hour, day, month, weekday).stream().allMatch("*"::equals)) {
            throw new ArgException("You must specify time and date fields or special time.");
        }
        String user = args.string("user");
        String job = args.string("job", "value");
        if (present && cronFile != null && user == null) throw new ArgException("To use cron_file=... parameter you must specify user=... as well");
        if (present && job == null) throw new ArgException("You must specify 'job' to install a new cron job or variable");
        boolean env = args.bool("env", false);
        String after = args.string("insertafter");
        String before = args.string("insertbefore");
        if (after != null && before != null) throw new ArgException("parameters are mutually exclusive: insertafter|insertbefore");
        if (present && (after != null || before != null) && !env) throw new ArgException("Insertafter and insertbefore parameters are valid only with env=yes");
        if (env && name.contains(" ")) throw new ArgException("Invalid name for environment variable");
        return new CronArgs(name, user, job, cronFile, present, minute, hour, day, month, weekday, special, args.bool("disabled", false),
                env, after, before);
    }

    private static String field(Args args, String... names) {
        String v = args.string(names);
        return v == null ? "*" : v;
    }

    @Override
    public List<FactQuery<?>> facts(CronArgs a) {
        return List.of(a.cronFile() != null ? new FileQuery(a.cronFile(), true) : new CrontabQuery(a.user()));
    }

    @Override
    public Planned plan(CronArgs a, Facts facts) {
        String existing;
        CronLines lines;
        FileState file = null;
        CrontabQuery.Crontab tab = null;
        if (a.cronFile() != null) {
            file = facts.get(new FileQuery(a.cronFile(), true));
            existing = file instanceof FileState.Present p && p.content() != null ? new String(p.content(), StandardCharsets.UTF_8) : "";
            lines = CronLines.ofFile(existing);
        } else {
            tab = facts.get(new CrontabQuery(a.user()));
            if (tab.toolMissing()) throw new PlanException("Failed to find required executable \"crontab\"");
            existing = tab.text() == null ? "" : CronLines.withoutHeader(tab.text());
            lines = CronLines.ofCrontab(tab.text());
        }
        String where = a.cronFile() != null ? a.cronFile() : a.user() != null ? "crontab for user \"" + a.user() + "\"" : "crontab";
        String summary = (a.env() ? "cron variable " : "cron job ") + a.name();

        boolean changed = false;
        Action action = Action.UPDATE;
        String detail = null;
        if (a.env()) {
            // Ansible's env=yes: a NAME="value" line, first in the crontab unless insertafter/insertbefore say where.
            String decl = a.name() + "=\"" + a.job() + "\"";
            int at = lines.findEnv(a.name());
            if (a.present() && at < 0) {
                lines.addEnv(decl, a.insertAfter(), a.insertBefore());
                changed = true;
                action = Action.CREATE;
                detail = "+ " + decl;
            } else if (a.present() && !lines.line(at).equals(decl)) {
                detail = lines.line(at) + " -> " + decl;
                lines.replaceEnv(a.name(), decl);
                changed = true;
            } else if (!a.present() && at >= 0) {
                detail = "- " + lines.line(at);
                lines.replaceEnv(a.name(), null);
                changed = true;
                action = Action.DELETE;
            }
        } else if (a.present()) {
            String job = CronLines.jobLine(a);
            List<String> old = lines.find(a.name(), job);
            if (old.isEmpty()) {
                lines.add(a.name(), job);
                changed = true;
                action = Action.CREATE;
                detail = "+ " + job;
            } else if (!old.get(1).equals(job)) {
                lines.update(a.name(), job);
                changed = true;
                detail = old.get(1) + " -> " + job;
            } else if (old.size() > 2) {
                lines.update(a.name(), job);
                changed = true;
                detail = "mark the existing line with " + CronLines.MARKER + a.name();
            }
        } else {
            List<String> old = lines.find(a.name(), null);
            if (!old.isEmpty()) {
                lines.update(a.name(), null);
                changed = true;
                action = Action.DELETE;
                detail = "- " + old.get(1);
                if (a.cronFile() != null && lines.isBlank()) {
                    return new Planned(new Change(Action.DELETE, summary, List.of(detail, "remove " + a.cronFile() + " (no lines left)"), null,
                            List.of(new Step(Shell.command("rm", "-f", "--", a.cronFile())))),
                            List.of(new FactUpdate<>(new FileQuery(a.cronFile(), true), FileState.ABSENT)));
                }
            }
        }
        if (!changed && !existing.isEmpty() && !existing.endsWith("\n") && !existing.endsWith("\r")) {
            changed = true;
            detail = "add the missing final newline";
        }
        if (!changed) {
            String what = a.env() ? "variable" : "job";
            return new Planned(Change.none(summary, a.present() ? what + " as wanted in " + where : "no such " + what + " in " + where));
        }

        byte[] after = lines.render().getBytes(StandardCharsets.UTF_8);
        String diff = ContentDiff.unified(where, existing.getBytes(StandardCharsets.UTF_8), after);
        List<String> details = List.of(detail, "in " + where);
        if (a.cronFile() != null) {
            // Ansible writes a cron file with umask 022: a new one is 0644, an existing one keeps its mode.
            FileWrite write = new FileWrite(a.cronFile(), after, new FileAttrs(null, null, null),
                    file instanceof FileState.Present ? null : 0644, file, false, false);
            return new Planned(new Change(action, summary, details, diff, List.of(write.step())),
                    List.of(new FactUpdate<>(new FileQuery(a.cronFile(), true), write.after())));
        }
        List<String> install = new ArrayList<>(List.of("crontab"));
        if (a.user() != null) install.addAll(List.of("-u", a.user()));
        install.add("-");
        CrontabQuery.Crontab written = tab.withText(new String(after, StandardCharsets.UTF_8));
        return new Planned(new Change(action, summary, details, diff, List.of(new Step(Shell.command(install), after))),
                sameCrontab(a.user(), tab.runningUser()).stream().<FactUpdate<?>>map(q -> new FactUpdate<>(q, written)).toList());
    }

    /**
     * Every query that reads the crontab a task writes: with no {@code user} it is the running user's, which a task
     * naming that user reads under another key; later tasks of either kind must see the change.
     */
    private static List<CrontabQuery> sameCrontab(String user, String runningUser) {
        if (runningUser == null || runningUser.isEmpty()) return List.of(new CrontabQuery(user));
        if (user == null) return List.of(new CrontabQuery(null), new CrontabQuery(runningUser));
        return user.equals(runningUser) ? List.of(new CrontabQuery(user), new CrontabQuery(null)) : List.of(new CrontabQuery(user));
    }

    @Override
    public Map<String, Object> registered(CronArgs a, Planned planned, ExecResult last) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (a.cronFile() != null) r.put("cron_file", a.cronFile());
        r.put("state", a.present() ? "present" : "absent");
        return r;
    }
}
