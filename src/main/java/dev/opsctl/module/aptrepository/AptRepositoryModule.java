package dev.opsctl.module.aptrepository;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.FileSetQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.ContentDiff;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.module.files.FileWrite;
import dev.opsctl.module.files.ModeSpec;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.Shell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's {@code apt_repository} for one-line {@code deb} entries: added to (or enabled in) the sources files, or
 * removed from them, file by file as apt_repository.py does, then {@code apt-get update} when something changed.
 * A new entry goes to /etc/apt/sources.list.d/ under {@code filename}, or the name Ansible derives from the URL.
 */
public final class AptRepositoryModule implements HostModule<AptRepositoryModule.RepoArgs> {
    static final String SOURCES_DIR = "/etc/apt/sources.list.d/";
    /** The one-line-style sources files apt_repository.py reads, in its order. */
    static final FileSetQuery SOURCES = new FileSetQuery(List.of("/etc/apt/sources.list", SOURCES_DIR + "*.list"));

    /** Typed arguments: the entry normalised, and the file a new entry goes to. */
    public record RepoArgs(String source, boolean present, String file, ModeSpec mode, boolean updateCache) {}

    @Override
    public String name() {
        return "apt_repository";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("repo", "state", "filename", "mode", "update_cache", "update-cache", "install_python_apt").require("repo");
    }

    @Override
    public RepoArgs parse(Args args, ModuleContext ctx) {
        String repo = args.requiredString("repo");
        if (repo.startsWith("ppa:")) throw new ArgException("argument 'repo': PPA repositories are not supported; give the deb line");
        SourceLine line = SourceLine.parse(repo);
        if (!line.valid() || !line.enabled()) throw new ArgException("Invalid repository string: " + repo);
        boolean present = args.choice("state", "present", "present", "absent").equals("present");
        args.bool("install_python_apt", true);
        boolean update = args.has("update-cache") ? args.bool("update-cache", true) : args.bool("update_cache", true);
        return new RepoArgs(line.source(), present, expand(fileName(line.source(), args.string("filename"))), ModeSpec.parse(args, "mode"), update);
    }

    /** apt_repository.py's {@code _suggest_filename}: the host and path of the URL, word characters joined with '_'. */
    static String fileName(String source, String filename) {
        if (filename != null) return filename + ".list";
        String line = source.replaceAll("\\[[^\\]]+\\]", "").replaceAll("\\w+://", "");
        List<String> parts = new ArrayList<>();
        for (String p : line.strip().split("\\s+")) if (!p.equals("deb") && !p.equals("deb-src")) parts.add(p);
        String first = parts.isEmpty() ? "" : parts.get(0);
        if (first.contains("@")) first = first.substring(first.indexOf('@') + 1);
        return String.join("_", first.replaceAll("[^a-zA-Z0-9]", " ").strip().split("\\s+")) + ".list";
    }

    private static String expand(String file) {
        return file.contains("/") ? file : SOURCES_DIR + file;
    }

    @Override
    public List<FactQuery<?>> facts(RepoArgs a) {
        return List.of(SOURCES);
    }

    @Override
    public Planned plan(RepoArgs a, Facts facts) {
        Map<String, FileState.Present> files = facts.get(SOURCES);
        Map<String, List<SourceLine>> after = new LinkedHashMap<>();
        files.forEach((path, state) -> after.put(path, lines(state)));
        String summary = "apt repository " + a.source();
        boolean found = false;
        for (List<SourceLine> lines : after.values()) {
            for (int i = 0; i < lines.size(); i++) {
                SourceLine l = lines.get(i);
                if (!l.valid() || !l.source().equals(a.source())) continue;
                if (a.present()) {
                    lines.set(i, l.enabled(true));
                    found = true;
                } else if (l.enabled()) {
                    lines.remove(i--);
                }
            }
        }
        if (a.present() && !found) {
            after.computeIfAbsent(a.file(), f -> new ArrayList<>()).add(new SourceLine(true, true, a.source(), ""));
        }

        List<String> details = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        StringBuilder diff = new StringBuilder();
        Map<String, FileState.Present> predicted = new LinkedHashMap<>(files);
        Action action = Action.NO_OP;
        for (Map.Entry<String, List<SourceLine>> e : after.entrySet()) {
            String path = e.getKey();
            FileState.Present old = files.get(path);
            String before = old == null ? null : dump(lines(old));
            String now = e.getValue().isEmpty() ? null : dump(e.getValue());
            if (java.util.Objects.equals(before, now)) continue;
            byte[] oldBytes = old == null ? new byte[0] : old.content();
            if (now == null) {
                details.add("remove " + path + " (no entries left)");
                steps.add(new Step(Shell.command("rm", "-f", "--", path)));
                predicted.remove(path);
                action = Action.DELETE;
                continue;
            }
            byte[] content = now.getBytes(StandardCharsets.UTF_8);
            Integer mode = old != null ? null : a.mode() == null ? Integer.valueOf(0644) : a.mode().resolve(-1, false);
            FileWrite write = new FileWrite(path, content, new FileAttrs(a.mode(), null, null), mode, old == null ? FileState.ABSENT : old,
                    false, old == null);
            details.add((old == null ? "create " : "update ") + path + ": " + ContentDiff.detail(old, content));
            steps.add(write.step());
            predicted.put(path, write.after());
            String d = ContentDiff.unified(path, oldBytes, content);
            if (d != null) diff.append(d);
            action = old == null ? Action.CREATE : Action.UPDATE;
        }
        if (steps.isEmpty()) {
            return new Planned(Change.none(summary, a.present() ? "already enabled" : "not present"));
        }
        if (a.updateCache()) {
            details.add("update the package cache (apt-get update)");
            steps.add(new Step(Shell.command("apt-get", "update", "-q")));
        }
        if (a.present() && action == Action.DELETE) action = Action.UPDATE;
        if (!a.present()) action = Action.DELETE;
        return new Planned(new Change(action, summary, details, diff.isEmpty() ? null : diff.toString(), steps),
                List.of(new FactUpdate<>(SOURCES, predicted)));
    }

    private static List<SourceLine> lines(FileState.Present file) {
        List<SourceLine> out = new ArrayList<>();
        String text = file.contentText();
        if (text.isEmpty()) return out;
        for (String l : text.split("\n", -1)) out.add(SourceLine.parse(l));
        if (text.endsWith("\n")) out.remove(out.size() - 1);
        return out;
    }

    private static String dump(List<SourceLine> lines) {
        StringBuilder sb = new StringBuilder();
        for (SourceLine l : lines) sb.append(l.dump());
        return sb.toString();
    }
}
