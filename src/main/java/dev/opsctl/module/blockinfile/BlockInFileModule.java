package dev.opsctl.module.blockinfile;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Ansible's {@code blockinfile}: a block of lines between two marker lines, inserted, updated or removed.
 * The algorithm is blockinfile.py's (ansible-core 2.14), step for step, on Latin-1 text so it works on bytes.
 */
public final class BlockInFileModule implements HostModule<BlockInFileModule.BlockArgs> {
    /** Typed arguments; text ones are Latin-1 views of their UTF-8 bytes. */
    public record BlockArgs(String path, boolean present, String block, String marker0, String marker1,
                            String insertAfter, String insertBefore, boolean create, boolean backup, FileAttrs attrs,
                            Validation validate) {}

    @Override
    public String name() {
        return "blockinfile";
    }

    @Override
    public ArgSpec spec() {
        return SelinuxContext.accepting(ArgSpec.of("path", "dest", "destfile", "name", "block", "content", "marker", "marker_begin", "marker_end",
                "insertafter", "insertbefore", "state", "create", "backup", "mode", "owner", "group", "validate"));
    }

    @Override
    public BlockArgs parse(Args args, ModuleContext ctx) {
        String path = args.requiredString("path", "dest", "destfile", "name");
        String state = args.choice("state", "present", "present", "absent");
        String block = bytes(args.string("block", "content"));
        String marker = bytes(args.string("marker"));
        if (marker == null) marker = "# {mark} ANSIBLE MANAGED BLOCK";
        String begin = bytes(args.string("marker_begin"));
        String end = bytes(args.string("marker_end"));
        String after = bytes(args.string("insertafter"));
        String before = bytes(args.string("insertbefore"));
        if (after != null && before != null) throw new ArgException("parameters are mutually exclusive: insertbefore|insertafter");
        if (after != null && !after.equals("EOF")) RegexArg.bytes("insertafter", after);
        else if (before != null && !before.equals("BOF")) RegexArg.bytes("insertbefore", before);
        return new BlockArgs(path, state.equals("present"), block == null ? "" : block,
                marker.replace("{mark}", begin == null ? "BEGIN" : begin) + "\n",
                marker.replace("{mark}", end == null ? "END" : end) + "\n",
                after, before, args.bool("create", false), args.bool("backup", false), FileAttrs.parse(args), Validation.parse(args));
    }

    private static String bytes(String s) {
        return s == null ? null : new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Override
    public List<FactQuery<?>> facts(BlockArgs a) {
        return List.of(new FileQuery(a.path(), true));
    }

    /** Python's {@code bytes.splitlines(True)}: lines end at \n, \r or \r\n, each keeping its ending. */
    static List<String> splitlines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
            if (c == '\n' || c == '\r') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) out.add(text.substring(start));
        return out;
    }

    /** The new content for {@code original} (null: no file), as blockinfile.py computes it. */
    static String edit(BlockArgs a, String original) {
        List<String> lines = original == null ? new ArrayList<>() : splitlines(original);
        String insertAfter = a.insertAfter();
        String insertBefore = a.insertBefore();
        if (insertAfter == null && insertBefore == null) insertAfter = "EOF";
        PyRegex insertre = null;
        if (insertAfter != null && !insertAfter.equals("EOF")) insertre = RegexArg.bytes("insertafter", insertAfter);
        else if (insertBefore != null && !insertBefore.equals("BOF")) insertre = RegexArg.bytes("insertbefore", insertBefore);

        List<String> blocklines = new ArrayList<>();
        if (a.present() && !a.block().isEmpty()) {
            String block = a.block().endsWith("\n") ? a.block() : a.block() + "\n";
            blocklines.add(a.marker0());
            blocklines.addAll(splitlines(block));
            blocklines.add(a.marker1());
        }
        Integer n0 = null;
        Integer n1 = null;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(a.marker0())) n0 = i;
            if (lines.get(i).equals(a.marker1())) n1 = i;
        }
        int at;
        if (n0 == null || n1 == null) {
            Integer found = null;
            if (insertre != null) {
                if (multiline(insertre)) {
                    Matcher m = original == null ? null : insertre.search(original);
                    if (m != null) {
                        if (insertAfter != null) found = count(original, m.end());
                        else found = count(original, m.start());
                    }
                } else {
                    for (int i = 0; i < lines.size(); i++) if (insertre.search(lines.get(i)) != null) found = i;
                }
                if (found == null) at = lines.size();
                else at = insertAfter != null ? found + 1 : found;
            } else if (insertBefore != null) {
                at = 0;
            } else {
                at = lines.size();
            }
        } else if (n0 < n1) {
            lines.subList(n0, n1 + 1).clear();
            at = n0;
        } else {
            lines.subList(n1, n0 + 1).clear();
            at = n1;
        }
        if (at > 0 && !lines.get(at - 1).endsWith("\n")) lines.set(at - 1, lines.get(at - 1) + "\n");
        lines.addAll(at, blocklines);
        return String.join("", lines);
    }

    /** Whether the pattern has Python's MULTILINE flag, which only an inline {@code (?m)} can set here. */
    private static boolean multiline(PyRegex re) {
        return (re.flags() & PyRegex.MULTILINE) != 0;
    }

    private static int count(String s, int end) {
        int n = 0;
        for (int i = 0; i < end; i++) if (s.charAt(i) == '\n') n++;
        return n;
    }

    @Override
    public Planned plan(BlockArgs a, Facts facts) {
        FileState current = facts.get(new FileQuery(a.path(), true));
        String summary = "file " + a.path();
        FileState.Present old = TextFileEdit.existing(name(), a.path(), current);
        if (old == null && !a.create()) throw new PlanException("Path " + a.path() + " does not exist !");
        if (old == null && !a.present()) return new Planned(Change.none(summary, "File " + a.path() + " not present"));
        String original = old == null ? null : new String(old.content(), StandardCharsets.ISO_8859_1);
        String result = edit(a, original);
        if (result.equals(original)) return AttributeFix.plan(a.path(), old, a.attrs(), summary, "block unchanged");
        String msg = original == null ? "File created" : (a.present() && !a.block().isEmpty()) ? "Block inserted" : "Block removed";
        return TextFileEdit.rewrite(a.path(), current, old, result.getBytes(StandardCharsets.ISO_8859_1), a.attrs(), a.backup(), a.validate(), msg);
    }

    @Override
    public Map<String, Object> registered(BlockArgs args, Planned planned, ExecResult last) {
        return FileContent.registered(args.path(), last);
    }
}
