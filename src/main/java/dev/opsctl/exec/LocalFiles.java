package dev.opsctl.exec;

import dev.opsctl.diag.Source;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.template.Templater;
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

    /**
     * @param bases directories searched, in order
     * @param read  collects every file read, for a saved plan's input hash
     */
    LocalFiles(List<Path> bases, Templater templater, Map<String, Object> vars, Set<Path> read) {
        this.bases = bases;
        this.templater = templater;
        this.vars = vars;
        this.read = read;
    }

    @Override
    public byte[] readFile(String src) {
        Path p = find(src, "files");
        read.add(p.toAbsolutePath().normalize());
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new ArgException("cannot read '" + p + "': " + e.getMessage());
        }
    }

    @Override
    public String renderTemplate(String src) {
        Path p = find(src, "templates");
        read.add(p.toAbsolutePath().normalize());
        String text;
        try {
            text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ArgException("cannot read template '" + p + "': " + e.getMessage());
        }
        return templater.renderFile(text, vars, Source.of(p.toString()));
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
