package dev.opsctl.exec;

import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.secret.Secrets;
import dev.opsctl.template.Templater;
import dev.opsctl.transport.Payload;
import dev.opsctl.vault.Vault;
import dev.opsctl.vault.VaultText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Controller-side files a task names ({@code copy: src=}, {@code template: src=}), searched the way Ansible does:
 * in each base directory (the task's role, the directory of the task's file, the playbook's), first under
 * {@code files/} or {@code templates/}, then directly.
 */
final class LocalFiles implements ModuleContext {
    private final List<Path> bases;
    private final Templater templater;
    private final Map<String, Object> vars;
    private final Set<Path> read;
    private final Map<RenderKey, String> rendered;
    private final boolean diffWanted;

    /**
     * @param bases directories searched, in order
     * @param read collects every file read, for a saved plan's input hash
     * @param rendered templates rendered for this host so far, by text and variables: a task's template is rendered
     *                 once to find the files it asks about and once to plan, and the second render is the same work
     */
    LocalFiles(List<Path> bases, Templater templater, Map<String, Object> vars, Set<Path> read, Map<RenderKey, String> rendered) {
        this(bases, templater, vars, read, rendered, true);
    }

    /** @param diffWanted whether file changes need a diff (see {@link ModuleContext#diffWanted()}) */
    LocalFiles(List<Path> bases, Templater templater, Map<String, Object> vars, Set<Path> read, Map<RenderKey, String> rendered,
               boolean diffWanted) {
        this.diffWanted = diffWanted;
        this.bases = bases;
        this.templater = templater;
        this.vars = vars;
        this.read = read;
        this.rendered = rendered;
    }

    @Override
    public byte[] readFile(String src) {
        return readFile(src, true);
    }

    @Override
    public byte[] readFile(String src, boolean decrypt) {
        Path p = find(src, "files");
        read.add(p.toAbsolutePath().normalize());
        try {
            // copy's decrypt: true (Ansible's default) reads a vaulted src as its plaintext.
            byte[] stored = SharedReads.read(p);
            return decrypt ? Vault.fileBytes(stored, p.toString()) : stored;
        } catch (InputException e) {
            throw new ArgException(e.getMessage());
        } catch (IOException e) {
            throw new ArgException("cannot read '" + p + "': " + e.getMessage());
        }
    }

    @Override
    public Payload readPayload(String src, boolean decrypt) {
        Path p = find(src, "files");
        try {
            if (!SharedReads.streamed(p)) return Payload.of(readFile(src, decrypt));
            read.add(p.toAbsolutePath().normalize());
            return SharedReads.region(p);
        } catch (IOException e) {
            throw new ArgException("cannot read '" + p + "': " + e.getMessage());
        }
    }

    @Override
    public boolean diffWanted() {
        return diffWanted;
    }

    @Override
    public String renderTemplate(String src) {
        Path p = find(src, "templates");
        read.add(p.toAbsolutePath().normalize());
        String text;
        boolean vaulted;
        try {
            byte[] raw = Files.readAllBytes(p);
            vaulted = VaultText.isVault(raw);
            text = new String(Vault.fileBytes(raw, p.toString()), StandardCharsets.UTF_8);
        } catch (InputException e) {
            throw new ArgException(e.getMessage());
        } catch (IOException e) {
            throw new ArgException("cannot read template '" + p + "': " + e.getMessage());
        }
        Map<String, Object> vars = TemplateVars.with(this.vars, p, src);
        // Stand-ins for facts not gathered yet render differently from the facts: never reuse such a render.
        if (vars.values().stream().anyMatch(v -> v == FactStandIn.INSTANCE)) return templater.renderFile(text, vars, Source.of(p.toString()));
        RenderKey key = new RenderKey(p, text, new LinkedHashMap<>(vars));
        String out = rendered.get(key);
        if (out == null) {
            out = templater.renderFile(text, vars, Source.of(p.toString()));
            rendered.put(key, out);
        }
        if (vaulted) Secrets.registerContent(out.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    private Path find(String src, String subdir) {
        Path given = Path.of(src);
        if (given.isAbsolute()) {
            if (Files.isRegularFile(given)) return given;
            throw new ArgException("could not find src '" + src + "'");
        }
        List<Path> searched = new ArrayList<>();
        for (Path base : bases) {
            for (Path candidate : List.of(base.resolve(subdir).resolve(src), base.resolve(src))) {
                if (Files.isRegularFile(candidate)) return candidate;
                searched.add(candidate.getParent());
            }
        }
        throw new ArgException("could not find src '" + src + "' (searched " + String.join(", ", searched.stream().distinct().map(Path::toString).toList()) + ")");
    }

    /**
     * A template and the variables it was rendered with. Values compare by identity (strings, numbers and booleans
     * by value): the variables of one task are built from the same objects each time, and a deep comparison would
     * walk {@code hostvars}, every host's variables.
     */
    record RenderKey(Path path, String text, Map<String, Object> vars) {
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof RenderKey k) || !path.equals(k.path) || !text.equals(k.text) || vars.size() != k.vars.size()) return false;
            for (Map.Entry<String, Object> e : vars.entrySet()) {
                if (!k.vars.containsKey(e.getKey()) || !same(e.getValue(), k.vars.get(e.getKey()))) return false;
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = path.hashCode() * 31 + text.hashCode();
            for (Map.Entry<String, Object> e : vars.entrySet()) h += e.getKey().hashCode() ^ hash(e.getValue());
            return h;
        }

        private static boolean same(Object a, Object b) {
            return a == b || (scalar(a) && a.equals(b));
        }

        private static int hash(Object v) {
            return scalar(v) ? v.hashCode() : System.identityHashCode(v);
        }

        private static boolean scalar(Object v) {
            return v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Character;
        }
    }
}
