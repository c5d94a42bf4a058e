package dev.opsctl.module.inifile;

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
import dev.opsctl.module.files.AttributeFix;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.module.files.FileContent;
import dev.opsctl.module.files.TextFileEdit;
import dev.opsctl.plan.Change;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.module.files.SelinuxContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** community.general's {@code ini_file}: an option (or a whole section) of an INI file present or absent. */
public final class IniFileModule implements HostModule<IniFileModule.IniArgs> {
    /** Typed arguments; {@code values} holds {@code value} or {@code values}, possibly empty. */
    public record IniArgs(String path, String section, String option, List<String> values, String state, boolean exclusive,
                          boolean noExtraSpaces, boolean allowNoValue, boolean create, boolean backup, FileAttrs attrs) {}

    @Override
    public String name() {
        return "ini_file";
    }

    @Override
    public ArgSpec spec() {
        return SelinuxContext.accepting(ArgSpec.of("path", "dest", "section", "option", "value", "values", "backup", "state", "exclusive",
                "no_extra_spaces", "allow_no_value", "create", "mode", "owner", "group"));
    }

    @Override
    public IniArgs parse(Args args, ModuleContext ctx) {
        String path = args.requiredString("path", "dest");
        if (args.has("value") && args.has("values")) throw new ArgException("parameters are mutually exclusive: value|values");
        String state = args.choice("state", "present", "absent", "present");
        boolean allowNoValue = args.bool("allow_no_value", false);
        List<String> values = new ArrayList<>();
        if (args.has("value")) {
            values.add(pythonString(args.raw("value")));
        } else if (args.raw("values") instanceof List<?> list) {
            for (Object v : list) values.add(v == null ? null : pythonString(v));
        } else if (args.has("values")) {
            values.addAll(args.list("values"));
        }
        if (state.equals("present") && !allowNoValue && values.isEmpty()) {
            throw new ArgException("Parameter 'value(s)' must be defined if state=present and allow_no_value=False.");
        }
        return new IniArgs(path, args.string("section"), args.string("option"), values, state, args.bool("exclusive", true),
                args.bool("no_extra_spaces", false), allowNoValue, args.bool("create", true), args.bool("backup", false),
                FileAttrs.parse(args));
    }

    /** A value as Ansible's {@code type='str'} makes one: an unquoted YAML {@code yes} is "True", as Python prints it. */
    private static String pythonString(Object v) {
        if (v instanceof Boolean b) return b ? "True" : "False";
        return String.valueOf(v);
    }

    @Override
    public List<FactQuery<?>> facts(IniArgs a) {
        return List.of(new FileQuery(a.path(), true));
    }

    @Override
    public Planned plan(IniArgs a, Facts facts) {
        FileState current = facts.get(new FileQuery(a.path(), true));
        FileState.Present old = TextFileEdit.existing(name(), a.path(), current);
        if (old == null && !a.create()) throw new PlanException("Destination " + a.path() + " does not exist!");
        String text = old == null ? "" : old.contentText();
        // Read as utf-8-sig, as ini_file reads it: a byte order mark goes when the file is written.
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        IniEdit.Result r = IniEdit.apply(text, a);
        String summary = "ini " + a.path() + (a.section() == null ? "" : " [" + a.section() + "]") + (a.option() == null ? "" : " " + a.option());
        if (!r.changed()) {
            if (old == null) return new Planned(Change.none(summary, "nothing to remove"));
            return AttributeFix.plan(a.path(), old, a.attrs(), summary, "ini file already as asked");
        }
        return TextFileEdit.rewrite(a.path(), current, old, r.text().getBytes(StandardCharsets.UTF_8), a.attrs(), a.backup(), r.msg());
    }

    @Override
    public Map<String, Object> registered(IniArgs a, Planned planned, ExecResult last) {
        Map<String, Object> out = FileContent.registered(a.path(), last);
        out.remove("dest");
        out.put("path", a.path());
        String msg = planned.change().details().isEmpty() ? "OK" : planned.change().details().get(0);
        out.put("msg", planned.change().action().isChange() && msg.matches("option (changed|added)|section (removed|and option added)|only section added") ? msg : "OK");
        return out;
    }
}
