package dev.opsctl.module.replace;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
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
import dev.opsctl.python.PyRegex;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.module.files.SelinuxContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's {@code replace}: every match of a Python regular expression (multiline) replaced, optionally only in the
 * section between {@code after} and {@code before}, as replace.py (ansible-core 2.14) does it on the UTF-8 text.
 */
public final class ReplaceModule implements HostModule<ReplaceModule.ReplaceArgs> {
    public record ReplaceArgs(String path, String regexp, String replace, String after, String before, boolean backup,
                              FileAttrs attrs, Validation validate) {}

    @Override
    public String name() {
        return "replace";
    }

    @Override
    public ArgSpec spec() {
        return SelinuxContext.accepting(ArgSpec.of("path", "dest", "destfile", "name", "regexp", "replace", "after", "before", "backup",
                "mode", "owner", "group", "validate"));
    }

    @Override
    public ReplaceArgs parse(Args args, ModuleContext ctx) {
        ReplaceArgs a = new ReplaceArgs(args.requiredString("path", "dest", "destfile", "name"), args.requiredString("regexp"),
                args.string("replace") == null ? "" : args.string("replace"), blankToNull(args.string("after")),
                blankToNull(args.string("before")), args.bool("backup", false), FileAttrs.parse(args), Validation.parse(args));
        RegexArg.text("regexp", a.regexp(), PyRegex.MULTILINE);
        String section = sectionPattern(a);
        if (section != null) RegexArg.text("after/before", section, PyRegex.DOTALL);
        return a;
    }

    /** Python treats an empty after/before as not given. */
    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String sectionPattern(ReplaceArgs a) {
        if (a.after() != null && a.before() != null) return a.after() + "(?P<subsection>.*?)" + a.before();
        if (a.after() != null) return a.after() + "(?P<subsection>.*)";
        if (a.before() != null) return "(?P<subsection>.*)" + a.before();
        return null;
    }

    /** The result of replace.py on {@code contents}: the new text and the count, or null when nothing changes. */
    static String edit(ReplaceArgs a, String contents) {
        String pattern = sectionPattern(a);
        int from = 0;
        int to = contents.length();
        if (pattern != null) {
            PyRegex sec = RegexArg.text("after/before", pattern, PyRegex.DOTALL);
            Matcher m = sec.search(contents);
            if (m == null) return null;
            from = m.start(sec.javaGroup("subsection"));
            to = m.end(sec.javaGroup("subsection"));
        }
        String section = contents.substring(from, to);
        PyRegex re = RegexArg.text("regexp", a.regexp(), PyRegex.MULTILINE);
        PyRegex.Substitution sub = RegexArg.subn("replace", re, section, a.replace());
        String replaced = sub.text();
        if (sub.count() == 0 || replaced.equals(section)) return null;
        return contents.substring(0, from) + replaced + contents.substring(to);
    }

    static int count(ReplaceArgs a, String section) {
        Matcher m = RegexArg.text("regexp", a.regexp(), PyRegex.MULTILINE).pattern().matcher(section);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Override
    public List<FactQuery<?>> facts(ReplaceArgs a) {
        return List.of(new FileQuery(a.path(), true));
    }

    @Override
    public Planned plan(ReplaceArgs a, Facts facts) {
        FileState current = facts.get(new FileQuery(a.path(), true));
        String summary = "file " + a.path();
        FileState.Present old = TextFileEdit.existing(name(), a.path(), current);
        if (old == null) throw new PlanException("Path " + a.path() + " does not exist !");
        String contents;
        try {
            contents = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(old.content())).toString();
        } catch (CharacterCodingException e) {
            throw new PlanException(a.path() + " is not UTF-8 text; opsctl's replace edits only UTF-8 files");
        }
        String result = edit(a, contents);
        if (result == null) return AttributeFix.plan(a.path(), old, a.attrs(), summary, "no replacements");
        return TextFileEdit.rewrite(a.path(), current, old, result.getBytes(StandardCharsets.UTF_8), a.attrs(), a.backup(),
                a.validate(), replacements(a, contents) + " replacements made");
    }

    private static int replacements(ReplaceArgs a, String contents) {
        String pattern = sectionPattern(a);
        if (pattern == null) return count(a, contents);
        PyRegex sec = RegexArg.text("after/before", pattern, PyRegex.DOTALL);
        Matcher m = sec.search(contents);
        return count(a, contents.substring(m.start(sec.javaGroup("subsection")), m.end(sec.javaGroup("subsection"))));
    }

    @Override
    public Map<String, Object> registered(ReplaceArgs args, Planned planned, ExecResult last) {
        return FileContent.registered(args.path(), last);
    }
}
