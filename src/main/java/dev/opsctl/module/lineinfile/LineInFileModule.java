package dev.opsctl.module.lineinfile;

import dev.opsctl.facts.FactQuery;
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
import dev.opsctl.module.RegexArg;
import dev.opsctl.module.files.AttributeFix;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.module.files.FileContent;
import dev.opsctl.module.files.TextFileEdit;
import dev.opsctl.module.files.Validation;
import dev.opsctl.plan.Change;
import dev.opsctl.python.PyRegex;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.module.files.SelinuxContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Ansible's {@code lineinfile}: one line present (added, or replacing a match) or absent, in a text file. */
public final class LineInFileModule implements HostModule<LineInFileModule.LineArgs> {
    /**
     * Typed lineinfile arguments. {@code line}, {@code regexp} and {@code searchString} are Latin-1 views of
     * their UTF-8 bytes, to match the file's bytes the way Ansible's byte-wise matching does.
     */
    public record LineArgs(String path, String state, String line, String regexp, String searchString,
                           String insertAfter, String insertBefore, boolean create, boolean backrefs,
                           boolean firstMatch, boolean backup, FileAttrs attrs, Validation validate) {}

    @Override
    public String name() {
        return "lineinfile";
    }

    @Override
    public ArgSpec spec() {
        return SelinuxContext.accepting(ArgSpec.of("path", "dest", "destfile", "name", "line", "value", "regexp", "regex", "search_string", "state",
                "insertafter", "insertbefore", "create", "backrefs", "firstmatch", "backup", "mode", "owner", "group", "validate"));
    }

    @Override
    public LineArgs parse(Args args, ModuleContext ctx) {
        String path = args.requiredString("path", "dest", "destfile", "name");
        String state = args.choice("state", "present", "present", "absent");
        String line = bytes(args.string("line", "value"));
        String regexp = bytes(args.string("regexp", "regex"));
        String search = bytes(args.string("search_string"));
        String after = bytes(args.string("insertafter"));
        String before = bytes(args.string("insertbefore"));
        boolean backrefs = args.bool("backrefs", false);
        exclusive(after != null && before != null, "insertbefore|insertafter");
        exclusive(regexp != null && search != null, "regexp|search_string");
        exclusive(backrefs && search != null, "backrefs|search_string");
        if (state.equals("present")) {
            if (backrefs && regexp == null) throw new ArgException("regexp is required with backrefs=true");
            if (line == null) throw new ArgException("line is required with state=present");
        } else if (line == null && regexp == null && search == null) {
            throw new ArgException("one of line, search_string, or regexp is required with state=absent");
        }
        LineArgs a = new LineArgs(path, state, line, regexp, search, after, before, args.bool("create", false), backrefs,
                args.bool("firstmatch", false), args.bool("backup", false), FileAttrs.parse(args), Validation.parse(args));
        // Compile once here so a bad expression is an argument error before any host is touched.
        if (regexp != null) RegexArg.bytes("regexp", regexp);
        if (after != null && !after.equals("EOF") && !after.equals("BOF")) RegexArg.bytes("insertafter", after);
        if (before != null && !before.equals("BOF")) RegexArg.bytes("insertbefore", before);
        return a;
    }

    private static void exclusive(boolean both, String names) {
        if (both) throw new ArgException("parameters are mutually exclusive: " + names);
    }

    private static String bytes(String s) {
        return s == null ? null : new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Override
    public List<FactQuery<?>> facts(LineArgs a) {
        return List.of(new FileQuery(a.path(), true));
    }

    @Override
    public Planned plan(LineArgs a, Facts facts) {
        FileState current = facts.get(new FileQuery(a.path(), true));
        String summary = "file " + a.path();
        FileState.Present old = TextFileEdit.existing(name(), a.path(), current);
        if (old == null) {
            if (a.state().equals("absent")) return new Planned(Change.none(summary, "file not present"));
            if (!a.create()) throw new PlanException("Destination " + a.path() + " does not exist !");
        }
        String text = old == null ? "" : new String(old.content(), StandardCharsets.ISO_8859_1);
        List<String> lines = LineEdit.lines(text);
        LineEdit.Result r = a.state().equals("present") ? LineEdit.present(lines, a) : LineEdit.absent(lines, a);
        if (!r.changed() && old == null) return new Planned(Change.none(summary, "no line matches regexp; nothing to create"));
        if (!r.changed()) {
            return AttributeFix.plan(a.path(), old, a.attrs(), summary,
                    a.state().equals("present") ? "line already present" : "no matching line");
        }
        byte[] after = String.join("", r.lines()).getBytes(StandardCharsets.ISO_8859_1);
        return TextFileEdit.rewrite(a.path(), current, old, after, a.attrs(), a.backup(), a.validate(), r.message());
    }

    @Override
    public Map<String, Object> registered(LineArgs args, Planned planned, ExecResult last) {
        return FileContent.registered(args.path(), last);
    }
}
