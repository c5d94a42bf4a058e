package dev.opsctl.module.localegen;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.LocalesQuery;
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
import dev.opsctl.transport.ExecResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * community.general's {@code locale_gen} the Debian way: the locale's line in /etc/locale.gen enabled (or commented
 * out), then {@code locale-gen}, which rebuilds every enabled locale. Whether it changes is decided as locale_gen.py
 * decides it: by {@code locale -a}, not by the file.
 */
public final class LocaleGenModule implements HostModule<LocaleGenModule.LocaleArgs> {
    /** Typed arguments. */
    public record LocaleArgs(String name, boolean present) {}

    static final String LOCALE_GEN = "/etc/locale.gen";
    /** Where Ubuntu keeps its own list of locales; locale_gen.py then runs Ubuntu's patched locale-gen instead. */
    static final String UBUNTU_SUPPORTED = "/var/lib/locales/supported.d";

    @Override
    public String name() {
        return "locale_gen";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name", "state").require("name");
    }

    @Override
    public LocaleArgs parse(Args args, ModuleContext ctx) {
        return new LocaleArgs(args.requiredString("name"), args.choice("state", "present", "absent", "present").equals("present"));
    }

    @Override
    public List<FactQuery<?>> facts(LocaleArgs a) {
        return List.of(new FileQuery(LOCALE_GEN, true), new FileQuery(UBUNTU_SUPPORTED, false), new LocalesQuery());
    }

    @Override
    public Planned plan(LocaleArgs a, Facts facts) {
        if (facts.get(new FileQuery(UBUNTU_SUPPORTED, false)).exists()) {
            throw new PlanException(UBUNTU_SUPPORTED + " exists: Ubuntu's locale layout is not supported by opsctl's locale_gen yet");
        }
        FileState current = facts.get(new FileQuery(LOCALE_GEN, true));
        FileState.Present file = TextFileEdit.existing(name(), LOCALE_GEN, current);
        if (file == null) {
            throw new PlanException("/etc/locale.gen and /var/lib/locales/supported.d/local are missing. Is the package \"locales\" installed?");
        }
        String text = file.contentText();
        if (!LocaleGenFile.available(text, a.name())) throw new PlanException("The locale you've entered is not available on your system.");

        List<String> compiled = facts.get(new LocalesQuery());
        boolean present = LocaleGenFile.compiled(compiled, a.name());
        String summary = "locale " + a.name();
        if (present == a.present()) return new Planned(Change.none(summary, "already " + (present ? "present" : "absent")));

        List<String> details = new ArrayList<>(List.of((present ? "present" : "absent") + " -> " + (a.present() ? "present" : "absent")));
        List<Step> steps = new ArrayList<>();
        List<FactUpdate<?>> predicted = new ArrayList<>();
        String diff = null;
        String after = LocaleGenFile.withLocale(text, a.name(), a.present());
        if (!after.equals(text)) {
            Planned write = TextFileEdit.rewrite(LOCALE_GEN, current, file, after.getBytes(StandardCharsets.UTF_8),
                    new FileAttrs(null, null, null), false, LOCALE_GEN + ": " + (a.present() ? "enable " : "comment out ") + a.name());
            details.addAll(write.change().details());
            steps.addAll(write.change().steps());
            predicted.addAll(write.predicted());
            diff = write.change().diff();
        }
        // Debian's locale-gen takes no name: it rebuilds every locale the file enables (and drops the rest).
        steps.add(new Step("locale-gen"));
        details.add("run locale-gen");
        predicted.add(new FactUpdate<>(new LocalesQuery(), LocaleGenFile.afterGen(compiled, a.name(), a.present())));
        return new Planned(new Change(Action.UPDATE, summary, details, diff, steps), predicted);
    }

    @Override
    public Map<String, Object> registered(LocaleArgs a, Planned planned, ExecResult last) {
        return Map.of("name", a.name(), "msg", "OK");
    }
}
