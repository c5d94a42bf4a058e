package dev.opsctl.module.assemble;

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
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.module.files.FileContent;
import dev.opsctl.module.files.Validation;
import dev.opsctl.python.PyRegex;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.module.files.SelinuxContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's {@code assemble}: the files of a directory on the host ({@code remote_src}, the default), in name order,
 * joined into {@code dest} as assemble.py joins them (a newline after a fragment that lacks one, the delimiter between
 * fragments), then written like copy's content: atomically, validated, with backup, mode and owner.
 */
public final class AssembleModule implements HostModule<AssembleModule.AssembleArgs> {
    /** Typed arguments; {@code delimiter} is already unescaped. */
    public record AssembleArgs(String src, String dest, byte[] delimiter, String regexp, boolean ignoreHidden,
                               boolean backup, FileAttrs attrs, Validation validate) {}

    @Override
    public String name() {
        return "assemble";
    }

    @Override
    public ArgSpec spec() {
        return SelinuxContext.accepting(ArgSpec.of("src", "dest", "delimiter", "backup", "remote_src", "regexp", "ignore_hidden", "validate",
                "decrypt", "mode", "owner", "group").require("src", "dest"));
    }

    @Override
    public AssembleArgs parse(Args args, ModuleContext ctx) {
        if (!args.bool("remote_src", true)) {
            throw new ArgException("argument 'remote_src': opsctl's assemble reads fragments on the host only (remote_src: yes)");
        }
        String regexp = args.string("regexp");
        if (regexp != null) RegexArg.text("regexp", regexp, 0);
        String delimiter = args.string("delimiter");
        return new AssembleArgs(args.requiredString("src"), args.requiredString("dest"),
                delimiter == null || delimiter.isEmpty() ? null : unescape(delimiter), regexp, args.bool("ignore_hidden", false),
                args.bool("backup", false), FileAttrs.parse(args), Validation.parse(args));
    }

    @Override
    public List<FactQuery<?>> facts(AssembleArgs a) {
        List<FactQuery<?>> q = new ArrayList<>(List.of(new FragmentsQuery(a.src())));
        q.addAll(content(a, new byte[0]).facts());
        return q;
    }

    @Override
    public Planned plan(AssembleArgs a, Facts facts) {
        return content(a, assemble(a, fragments(a.src(), facts))).plan(facts);
    }

    /**
     * The fragments as they will be when this task runs: the directory's listing, overlaid with what earlier tasks of
     * this run are predicted to write or remove directly in it (the listing was read before they ran).
     */
    static Map<String, byte[]> fragments(String src, Facts facts) {
        FragmentsQuery.Answer found = facts.get(new FragmentsQuery(src));
        String dir = src.length() > 1 ? src.replaceAll("/+$", "") : src;
        FileState predictedDir = facts.has(new FileQuery(dir, false)) ? facts.get(new FileQuery(dir, false)) : null;
        boolean willBeDir = predictedDir != null && predictedDir.is(FileState.Kind.DIRECTORY);
        if (found.problem() != null && !willBeDir) throw new PlanException(found.problem());
        Map<String, byte[]> fragments = new LinkedHashMap<>(found.fragments());
        String prefix = new FileQuery(dir + "/", false).key();
        for (Map.Entry<String, Object> e : facts.entries().entrySet()) {
            if (!e.getKey().startsWith(prefix) || e.getKey().indexOf('/', prefix.length()) >= 0) continue;
            String name = e.getKey().substring(prefix.length());
            if (e.getValue() instanceof FileState.Present p && p.kind() == FileState.Kind.FILE && p.content() != null) {
                fragments.put(name, p.content());
            } else if (e.getValue() instanceof FileState.Absent) {
                fragments.remove(name);
            }
        }
        return fragments;
    }

    private static FileContent content(AssembleArgs a, byte[] bytes) {
        return new FileContent(a.dest(), bytes, null, a.attrs(), a.backup(), true, a.validate());
    }

    /** assemble.py's assemble_from_fragments. */
    static byte[] assemble(AssembleArgs a, Map<String, byte[]> fragments) {
        List<String> names = new ArrayList<>(fragments.keySet());
        names.sort(null);
        PyRegex regexp = a.regexp() == null ? null : RegexArg.text("regexp", a.regexp(), 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean delimit = false;
        boolean addNewline = false;
        for (String name : names) {
            if (regexp != null && regexp.search(name) == null) continue;
            if (a.ignoreHidden() && name.startsWith(".")) continue;
            byte[] fragment = fragments.get(name);
            if (addNewline) out.write('\n');
            if (delimit && a.delimiter() != null) {
                out.writeBytes(a.delimiter());
                if (a.delimiter()[a.delimiter().length - 1] != '\n') out.write('\n');
            }
            out.writeBytes(fragment);
            delimit = true;
            addNewline = fragment.length == 0 || fragment[fragment.length - 1] != '\n';
        }
        return out.toByteArray();
    }

    /** Python's codecs.escape_decode, as assemble.py applies it to the delimiter: \n, \t, \\, \xHH, octal and the rest. */
    static byte[] unescape(String s) {
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b != '\\' || i + 1 >= in.length) {
                out.write(b);
                continue;
            }
            char c = (char) in[++i];
            switch (c) {
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'v' -> out.write(11);
                case '\\', '\'', '"' -> out.write(c);
                case '\n' -> { }
                case 'x' -> {
                    if (i + 2 >= in.length) throw new ArgException("argument 'delimiter': invalid \\x escape");
                    out.write(Integer.parseInt(new String(in, i + 1, 2, StandardCharsets.US_ASCII), 16));
                    i += 2;
                }
                default -> {
                    if (c >= '0' && c <= '7') {
                        int v = c - '0';
                        for (int k = 0; k < 2 && i + 1 < in.length && in[i + 1] >= '0' && in[i + 1] <= '7'; k++) v = v * 8 + in[++i] - '0';
                        out.write(v & 0xff);
                    } else {
                        out.write('\\');
                        out.write(c);
                    }
                }
            }
        }
        return out.toByteArray();
    }

    @Override
    public Map<String, Object> registered(AssembleArgs a, Planned planned, ExecResult last) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("src", a.src());
        out.putAll(FileContent.registered(a.dest(), last));
        byte[] written = planned.predicted().isEmpty() || !(planned.predicted().get(0).value() instanceof FileState.Present p)
                ? null : p.content();
        if (written != null) {
            out.put("checksum", FileQuery.sha1(written));
            out.put("md5sum", digest("MD5", written));
        }
        out.put("msg", "OK");
        return out;
    }

    private static String digest(String algorithm, byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
