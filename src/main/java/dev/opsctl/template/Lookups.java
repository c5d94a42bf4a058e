package dev.opsctl.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import dev.opsctl.diag.Source;
import dev.opsctl.python.PyRegex;
import dev.opsctl.python.Python;
import dev.opsctl.vault.Vault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's lookup plugins that roles use most ({@code env}, {@code file}, {@code template}, {@code first_found},
 * {@code fileglob}) and the ones behind {@code with_X} loops ({@code items}, {@code list}, {@code dict},
 * {@code together}, {@code nested}, {@code subelements}). Relative file names are searched as Ansible does: in
 * the role ({@code role_path}), then the playbook's directory ({@code playbook_dir}), each first under
 * {@code files/} (or {@code templates/}) and then directly.
 */
final class Lookups {
    /**
     * Ansible's first_found looks in the subdirectory of the task's action (files/, vars/ for include_vars,
     * templates/ for template); without knowing the action, opsctl looks in all three, in that order.
     */
    private static final List<String> FIRST_FOUND_DIRS = List.of("files", "vars", "templates");

    private Lookups() {}

    /** {@code lookup(name, terms..., key=value...)}: one value, a list's items joined with commas unless wantlist=True. */
    public static Object lookup(String name, Object... args) {
        Call call = Call.of(args);
        List<Object> results = reported(name, call);
        if (Python.truthy(call.options().getOrDefault("wantlist", false))) return results;
        if (results.size() == 1) return results.get(0);
        List<String> parts = new ArrayList<>();
        for (Object r : results) parts.add(Python.str(r));
        return String.join(",", parts);
    }

    /** {@code query(name, terms...)} and {@code q(...)}: always a list. */
    public static Object query(String name, Object... args) {
        return reported(name, Call.of(args));
    }

    /** Jinjava turns exceptions from functions into soft errors: the rendering keeps the failure to rethrow it. */
    private static List<Object> reported(String name, Call call) {
        Rendering r = rendering();
        try {
            return run(name, call.terms(), call.options(), r);
        } catch (TemplateException e) {
            throw r.fail(e);
        }
    }

    private record Call(List<Object> terms, Map<String, Object> options) {
        static Call of(Object[] args) {
            List<Object> terms = new ArrayList<>();
            Map<String, Object> options = new LinkedHashMap<>();
            for (Object a : args == null ? new Object[0] : args) {
                if (a instanceof NamedParameter p) options.put(p.getName(), p.getValue());
                else terms.add(a);
            }
            return new Call(terms, options);
        }
    }

    private static Rendering rendering() {
        Evaluation e = Evaluation.current();
        if (e == null) throw new TemplateException("lookup used outside a template", null);
        return e.rendering();
    }

    /** Runs lookup {@code name}; used by templates and by {@code with_X} loops. */
    static List<Object> run(String name, List<Object> terms, Map<String, Object> options, Rendering r) {
        try {
            return dispatch(name, terms, options, r);
        } catch (TemplateException e) {
            if (e.at() != Source.UNKNOWN) throw e;
            throw new TemplateException("lookup('" + name + "'): " + e.getMessage(), r.at());
        }
    }

    private static List<Object> dispatch(String fullName, List<Object> terms, Map<String, Object> options, Rendering r) {
        // ansible.builtin.items, community.general.flattened: the collection does not change which lookup runs.
        String name = fullName.substring(fullName.lastIndexOf('.') + 1);
        return switch (name) {
            case "varnames" -> varnames(terms, r);
            case "flattened" -> flattened(terms);
            case "env" -> env(terms, options);
            case "file" -> file(terms, options, r);
            case "unvault" -> unvault(terms, r);
            case "template" -> template(terms, r);
            case "first_found" -> firstFound(terms, options, r);
            case "fileglob" -> fileglob(terms, r);
            case "items" -> flattenOnce(terms);
            case "list" -> new ArrayList<>(terms.size() == 1 && terms.get(0) instanceof List<?> l ? l : terms);
            case "dict" -> dict(terms);
            case "together" -> together(terms);
            case "nested" -> nested(terms);
            case "subelements" -> subelements(terms, options);
            default -> throw new TemplateException("unsupported lookup '" + name + "' (supported: env, file, template,"
                    + " first_found, fileglob, items, list, dict, together, nested, subelements, varnames, flattened)", null);
        };
    }

    /** The names of the variables that a term (a Python regex) matches anywhere, as the varnames lookup searches. */
    private static List<Object> varnames(List<Object> terms, Rendering r) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            if (!(Python.unwrap(t) instanceof CharSequence term)) throw new TemplateException("Invalid setting identifier, \"" + t + "\" is not a string", null);
            java.util.regex.Pattern p = PyRegex.compile(term.toString(), 0).pattern();
            for (String name : r.variables().keySet()) if (p.matcher(name).find()) out.add(name);
        }
        return out;
    }

    /** Lists within lists, to any depth, as one list; a "None" or "null" term ends it (community.general's flattened). */
    private static List<Object> flattened(List<Object> terms) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            Object term = Python.unwrap(t);
            while (term instanceof List<?> l && l.size() == 1 && l.get(0) instanceof List<?>) term = l.get(0);
            if (term instanceof List<?> l && l.size() == 1) term = l.get(0);
            if ("None".equals(term) || "null".equals(term)) break;
            if (term instanceof List<?> l) out.addAll(flattened(new ArrayList<>(l)));
            else out.add(term);
        }
        return out;
    }

    private static List<Object> env(List<Object> terms, Map<String, Object> options) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            String v = System.getenv(Python.str(t));
            out.add(v != null ? v : options.getOrDefault("default", ""));
        }
        return out;
    }

    private static List<Object> file(List<Object> terms, Map<String, Object> options, Rendering r) {
        boolean rstrip = !options.containsKey("rstrip") || Python.truthy(options.get("rstrip"));
        boolean lstrip = options.containsKey("lstrip") && Python.truthy(options.get("lstrip"));
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            String text = read(find(Python.str(t), "files", r));
            if (rstrip) text = text.stripTrailing();
            if (lstrip) text = text.stripLeading();
            out.add(text);
        }
        return out;
    }

    private static List<Object> template(List<Object> terms, Rendering r) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            Path p = find(Python.str(t), "templates", r);
            out.add(new Templater().renderFile(read(p), r.variables(), Source.of(p.toString())));
        }
        return out;
    }

    /**
     * The first file that exists: terms are names or {@code {files: [...], paths: [...], skip: bool}} mappings;
     * names without a path are searched like {@code file}. With skip (or errors='ignore'), nothing found is an empty list.
     */
    private static List<Object> firstFound(List<Object> terms, Map<String, Object> options, Rendering r) {
        List<String> files = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        boolean skip = Python.truthy(options.getOrDefault("skip", false)) || "ignore".equals(options.get("errors"));
        collect(terms, options, files, paths);
        for (Object t : terms) {
            if (t instanceof Map<?, ?> m && Python.truthy(m.get("skip"))) skip = true;
        }
        for (String f : files) {
            if (paths.isEmpty()) {
                Path p = search(f, FIRST_FOUND_DIRS, r);
                if (p != null) return List.of(p.toAbsolutePath().normalize().toString());
            } else {
                for (String dir : paths) {
                    Path p = base(r).resolve(dir).resolve(f);
                    if (Files.isRegularFile(p)) return List.of(p.toAbsolutePath().normalize().toString());
                }
            }
        }
        if (skip) return List.of();
        throw new TemplateException("No file was found when using first_found (looked for " + files + ")", null);
    }

    private static void collect(List<?> terms, Map<?, ?> options, List<String> files, List<String> paths) {
        for (Object t : terms) {
            if (t instanceof List<?> l) {
                collect(l, Map.of(), files, paths);
            } else if (t instanceof Map<?, ?> m) {
                files.addAll(splitNames(m.get("files")));
                paths.addAll(splitNames(m.get("paths")));
            } else if (t != null) {
                files.addAll(splitNames(t));
            }
        }
        files.addAll(splitNames(options.get("files")));
        paths.addAll(splitNames(options.get("paths")));
    }

    /** Ansible splits first_found's files and paths on commas, semicolons and colons (paths) in strings. */
    private static List<String> splitNames(Object v) {
        List<String> out = new ArrayList<>();
        if (v == null) return out;
        if (v instanceof List<?> l) {
            for (Object o : l) out.addAll(splitNames(o));
            return out;
        }
        for (String s : Python.str(v).split("[,;]")) if (!s.isBlank()) out.add(s.strip());
        return out;
    }

    private static List<Object> fileglob(List<Object> terms, Rendering r) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            String pattern = Python.str(t);
            Path given = Path.of(pattern);
            String glob = given.getFileName().toString();
            List<Path> dirs = new ArrayList<>();
            if (given.isAbsolute()) {
                dirs.add(given.getParent());
            } else {
                for (Path b : bases(r)) {
                    Path sub = given.getParent() == null ? Path.of("") : given.getParent();
                    dirs.add(b.resolve("files").resolve(sub));
                    dirs.add(b.resolve(sub));
                }
            }
            // Ansible returns the matches of the first directory that has any.
            for (Path d : dirs) {
                List<String> found = new ArrayList<>();
                if (!Files.isDirectory(d)) continue;
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(d, glob)) {
                    for (Path p : ds) if (Files.isRegularFile(p)) found.add(p.toAbsolutePath().normalize().toString());
                } catch (IOException e) {
                    throw new TemplateException("fileglob: cannot list " + d + ": " + e.getMessage(), null);
                }
                if (!found.isEmpty()) {
                    found.sort(null);
                    out.addAll(found);
                    break;
                }
            }
        }
        return out;
    }

    private static List<Object> flattenOnce(List<Object> terms) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            if (t instanceof List<?> l) out.addAll(l);
            else out.add(t);
        }
        return out;
    }

    private static List<Object> dict(List<Object> terms) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            if (!(t instanceof Map<?, ?> m)) throw new TemplateException("with_dict expects a dict, got " + Python.str(t), null);
            m.forEach((k, v) -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("key", k);
                item.put("value", v);
                out.add(item);
            });
        }
        return out;
    }

    /** Lists side by side, the shorter padded with None, as Ansible's together (izip_longest). */
    private static List<Object> together(List<Object> terms) {
        List<List<?>> lists = lists(terms, "together");
        int n = lists.stream().mapToInt(List::size).max().orElse(0);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Object> row = new ArrayList<>();
            for (List<?> l : lists) row.add(i < l.size() ? l.get(i) : null);
            out.add(row);
        }
        return out;
    }

    private static List<Object> nested(List<Object> terms) {
        List<Object> out = new ArrayList<>();
        out.add(List.of());
        for (List<?> l : lists(terms, "nested")) {
            List<Object> next = new ArrayList<>();
            for (Object prefix : out) {
                for (Object o : l) {
                    List<Object> row = new ArrayList<>((List<?>) prefix);
                    row.add(o);
                    next.add(row);
                }
            }
            out = next;
        }
        return out;
    }

    /** {@code [list_of_dicts, "key"]}: each dict paired with each item of its list under key. */
    private static List<Object> subelements(List<Object> terms, Map<String, Object> options) {
        List<Object> args = terms.size() == 1 && terms.get(0) instanceof List<?> l ? new ArrayList<>(l) : terms;
        if (args.size() < 2 || !(args.get(0) instanceof List<?> elements)) {
            throw new TemplateException("subelements expects a list and a key", null);
        }
        String key = Python.str(args.get(1));
        boolean skipMissing = args.size() > 2 && args.get(2) instanceof Map<?, ?> flags && Python.truthy(flags.get("skip_missing"))
                || Python.truthy(options.getOrDefault("skip_missing", false));
        List<Object> out = new ArrayList<>();
        for (Object e : elements) {
            Object sub = e instanceof Map<?, ?> m ? m.get(key) : null;
            if (sub == null) {
                if (skipMissing) continue;
                throw new TemplateException("could not find '" + key + "' key in iterated item " + Python.str(e), null);
            }
            if (!(sub instanceof List<?> subs)) throw new TemplateException("the key '" + key + "' should point to a list", null);
            for (Object s : subs) out.add(List.of(e, s));
        }
        return out;
    }

    private static List<List<?>> lists(List<Object> terms, String lookup) {
        List<Object> args = terms.size() == 1 && terms.get(0) instanceof List<?> l && l.stream().allMatch(o -> o instanceof List<?>)
                ? new ArrayList<>(l) : terms;
        List<List<?>> out = new ArrayList<>();
        for (Object a : args) {
            if (!(a instanceof List<?> l)) throw new TemplateException(lookup + " expects lists, got " + Python.str(a), null);
            out.add(l);
        }
        return out;
    }

    // ---- where files are

    private static Path base(Rendering r) {
        Object dir = r.has("playbook_dir") ? r.variable("playbook_dir") : null;
        return dir == null ? Path.of("").toAbsolutePath() : Path.of(Python.str(dir));
    }

    private static List<Path> bases(Rendering r) {
        List<Path> out = new ArrayList<>();
        if (r.has("role_path")) out.add(Path.of(Python.str(r.variable("role_path"))));
        out.add(base(r));
        return out;
    }

    private static Path search(String name, List<String> subdirs, Rendering r) {
        Path given = Path.of(name);
        if (given.isAbsolute()) return Files.isRegularFile(given) ? given : null;
        for (Path b : bases(r)) {
            for (String subdir : subdirs) {
                Path p = b.resolve(subdir).resolve(name);
                if (Files.isRegularFile(p)) return p;
            }
            if (Files.isRegularFile(b.resolve(name))) return b.resolve(name);
        }
        return null;
    }

    private static Path find(String name, String subdir, Rendering r) {
        Path p = search(name, List.of(subdir), r);
        if (p == null) throw new TemplateException("could not locate file in lookup: " + name, null);
        return p;
    }

    /** lookup('unvault'): a file's content, decrypted when vaulted, not stripped (Ansible's unvault lookup). */
    private static List<Object> unvault(List<Object> terms, Rendering r) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms) out.add(read(find(Python.str(t), "files", r)));
        return out;
    }

    private static String read(Path p) {
        try {
            // Ansible's file lookups decrypt vaulted files with the run's vault passwords.
            return Vault.fileText(Files.readString(p, StandardCharsets.UTF_8), p.toString());
        } catch (IOException e) {
            throw new TemplateException("cannot read " + p + ": " + e.getMessage(), null);
        }
    }
}
