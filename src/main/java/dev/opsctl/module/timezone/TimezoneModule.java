package dev.opsctl.module.timezone;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.SystemdQuery;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.module.files.TextFileEdit;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.Shell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's {@code timezone} (community.general), the {@code name} part: with systemd, {@code timedatectl
 * set-timezone}; otherwise Debian's way, the zone's line in /etc/timezone and /etc/localtime a link to its zoneinfo file.
 */
public final class TimezoneModule implements HostModule<TimezoneModule.TimezoneArgs> {
    public record TimezoneArgs(String name) {}

    static final String ZONEINFO = "/usr/share/zoneinfo/";
    static final String TIMEZONE = "/etc/timezone";
    static final String LOCALTIME = "/etc/localtime";
    /** How timezone.py finds the zone a /etc/localtime link names. */
    private static final Pattern LINKED_ZONE = Pattern.compile("/(?:usr/share|etc)/zoneinfo/(.*)");
    /** timezone.py's pattern for the zone's line in /etc/timezone: the first word of a line. */
    private static final Pattern ZONE_LINE = Pattern.compile("^([^\\s]+)");

    @Override
    public String name() {
        return "timezone";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name").require("name");
    }

    @Override
    public TimezoneArgs parse(Args args, ModuleContext ctx) {
        return new TimezoneArgs(args.requiredString("name"));
    }

    @Override
    public List<FactQuery<?>> facts(TimezoneArgs a) {
        return List.of(new FileQuery(TIMEZONE, true), new FileQuery(LOCALTIME, true), new FileQuery(ZONEINFO + a.name(), true),
                new SystemdQuery());
    }

    @Override
    public Planned plan(TimezoneArgs a, Facts facts) {
        FileState zoneFile = facts.get(new FileQuery(ZONEINFO + a.name(), true));
        if (!zoneFile.exists() || a.name().contains("..")) {
            throw new PlanException("given timezone \"" + a.name() + "\" is not available");
        }
        FileState localtime = facts.get(new FileQuery(LOCALTIME, true));
        String linked = localtimeZone(localtime, zoneFile, a.name());
        String summary = "timezone " + a.name();
        if (facts.get(new SystemdQuery())) {
            if (a.name().equals(linked)) return new Planned(Change.none(summary, "timezone is already " + a.name()));
            return new Planned(new Change(Action.UPDATE, summary, List.of("timezone " + show(linked) + " -> " + a.name()), null,
                    List.of(new Step(Shell.command("timedatectl", "set-timezone", "--", a.name())))), List.of(linkedTo(a.name())));
        }

        FileState current = facts.get(new FileQuery(TIMEZONE, true));
        FileState.Present old = TextFileEdit.existing(name(), TIMEZONE, current);
        String text = old == null ? "" : old.contentText();
        String inFile = firstZone(text);
        if (a.name().equals(inFile) && a.name().equals(linked)) {
            return new Planned(Change.none(summary, "timezone is already " + a.name()));
        }
        List<String> details = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        List<FactUpdate<?>> predicted = new ArrayList<>();
        String diff = null;
        if (!a.name().equals(inFile)) {
            Planned write = TextFileEdit.rewrite(TIMEZONE, current, old, withZone(text, a.name()).getBytes(StandardCharsets.UTF_8),
                    new FileAttrs(null, null, null), false, TIMEZONE + " " + show(inFile) + " -> " + a.name());
            details.addAll(write.change().details());
            steps.addAll(write.change().steps());
            predicted.addAll(write.predicted());
            diff = write.change().diff();
        }
        if (!a.name().equals(linked)) {
            details.add(LOCALTIME + " -> " + ZONEINFO + a.name() + " (was " + show(linked) + ")");
            steps.add(new Step(Shell.command("ln", "-sf", ZONEINFO + a.name(), LOCALTIME)));
            predicted.add(linkedTo(a.name()));
        }
        return new Planned(new Change(Action.UPDATE, summary, details, diff, steps), predicted);
    }

    /**
     * The zone /etc/localtime stands for: the zone its link names, or {@code wanted} when it is a copy of that zone's
     * file (timezone.py compares the files), else null.
     */
    static String localtimeZone(FileState localtime, FileState zoneFile, String wanted) {
        if (!(localtime instanceof FileState.Present p)) return null;
        if (p.kind() == FileState.Kind.LINK) {
            Matcher m = LINKED_ZONE.matcher(p.linkTarget());
            return m.find() ? m.group(1) : null;
        }
        if (p.kind() == FileState.Kind.FILE && zoneFile instanceof FileState.Present z && p.sha1() != null && p.sha1().equals(z.sha1())) {
            return wanted;
        }
        return null;
    }

    /** The zone /etc/timezone names: the first word at the start of a line, or null. */
    static String firstZone(String text) {
        for (String line : text.split("\n")) {
            Matcher m = ZONE_LINE.matcher(line);
            if (m.find()) return m.group(1);
        }
        return null;
    }

    /** /etc/timezone with its first zone line replaced by {@code zone} and any other zone line removed, as timezone.py edits it. */
    static String withZone(String text, String zone) {
        List<String> lines = new ArrayList<>();
        int at = -1;
        if (!text.isEmpty()) {
            for (String line : text.split("(?<=\n)")) {
                if (ZONE_LINE.matcher(line).find()) {
                    if (at < 0) at = lines.size();
                    continue;
                }
                lines.add(line);
            }
        }
        lines.add(Math.max(at, 0), zone + "\n");
        return String.join("", lines);
    }

    private static FactUpdate<FileState> linkedTo(String zone) {
        return new FactUpdate<>(new FileQuery(LOCALTIME, true), new FileState.Present(FileState.Kind.LINK, 0777, "root", "root",
                (ZONEINFO + zone).length(), 0, 0, ZONEINFO + zone, null, null, 0, 0));
    }

    private static String show(String zone) {
        return zone == null ? "n/a" : zone;
    }
}
