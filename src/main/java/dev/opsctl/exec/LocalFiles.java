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
    private final boolean diffWanted;

    /**
     * @param bases directories searched, in order
     * @param read collects every file read, for a saved plan's input hash
     */
    LocalFiles(List<Path> bases, Templater templater, Map<String, Object> vars, Set<Path> read) {
        this(bases, templater, vars, read, true);
    }

    /** @param diffWanted whether file changes need a diff (see {@link ModuleContext#diffWanted()}) */
    LocalFiles(List<Path> bases, Templater templater, Map<String, Object> vars, Set<Path> read, boolean diffWanted) {
        this.diffWanted = diffWanted;
        this.bases = bases;
        this.templater = templater;
        this.vars = vars;
        this.read = read;
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
        String out = templater.renderFile(text, vars, Source.of(p.toString()));
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
}
