package dev.opsctl.module.find;

import dev.opsctl.inventory.Fnmatch;
import dev.opsctl.module.RegexArg;
import dev.opsctl.python.PyRegex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What find.py returns for a listing: the matching entries in the order os.walk visits them (each directory's
 * non-directories, then its directories, then into each directory), how many entries it looked at, and the paths
 * it skipped.
 */
record FindResult(List<Map<String, Object>> files, int examined, Map<String, String> skipped) {
    int matched() {
        return files.size();
    }

    static FindResult of(FindModule.FindArgs a, FindQuery.Listing listing) {
        List<Map<String, Object>> files = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        int examined = 0;
        Filter filter = new Filter(a, listing.now());
        for (FindQuery.Root root : listing.roots()) {
            if (!root.directory()) {
                skipped.put(root.path(), "'" + root.path() + "' is not a directory");
                continue;
            }
            Map<String, List<FindQuery.Entry>> children = new LinkedHashMap<>();
            for (FindQuery.Entry e : root.entries()) children.computeIfAbsent(parent(e.relative()), k -> new ArrayList<>()).add(e);
            examined += walk(root.path(), "", children, a, filter, files);
        }
        return new FindResult(files, examined, skipped);
    }

    /** One os.walk step at {@code dir} (relative to the root; "" is the root), then its subdirectories. */
    private static int walk(String root, String dir, Map<String, List<FindQuery.Entry>> children, FindModule.FindArgs a, Filter filter,
                            List<Map<String, Object>> out) {
        List<FindQuery.Entry> here = children.getOrDefault(dir, List.of());
        List<FindQuery.Entry> ordered = new ArrayList<>();
        List<FindQuery.Entry> dirs = new ArrayList<>();
        // os.walk's "dirs" are entries that are directories when followed (a link to a directory too).
        for (FindQuery.Entry e : here) if (e.targetType() != 'd') ordered.add(e);
        for (FindQuery.Entry e : here) if (e.targetType() == 'd') dirs.add(e);
        ordered.addAll(dirs);
        int looked = here.size();
        int depthLimit = a.recurse() ? a.depth() : 0;
        for (FindQuery.Entry e : ordered) {
            String name = basename(e.relative());
            int depth = e.relative().split("/").length;
            if (depthLimit > 0 && depth > depthLimit) continue;
            if (name.startsWith(".") && !a.hidden()) continue;
            if (filter.accepts(e, name)) out.add(FindStat.of(normpath(root + "/" + e.relative()), e, a.getChecksum()));
        }
        if (!a.recurse()) return looked;
        for (FindQuery.Entry d : dirs) {
            if (d.type() == 'd') looked += walk(root, d.relative(), children, a, filter, out);
        }
        return looked;
    }

    /** find.py's filters for one entry, by file_type. */
    private record Filter(FindModule.FindArgs a, double now) {
        boolean accepts(FindQuery.Entry e, String name) {
            boolean common = name(name) && age(e);
            return switch (a.fileType()) {
                case "any" -> common && (e.type() != 'f' || size(e));
                case "directory" -> e.type() == 'd' && common;
                case "link" -> e.type() == 'l' && common;
                default -> e.type() == 'f' && common && size(e) && contains(e);
            };
        }

        private boolean name(String name) {
            for (String p : a.patterns()) {
                if (!matches(p, name)) continue;
                if (a.excludes() != null) for (String x : a.excludes()) if (matches(x, name)) return false;
                return true;
            }
            return false;
        }

        private boolean matches(String pattern, String name) {
            if (a.useRegex()) return RegexArg.text("patterns", pattern, 0).pattern().matcher(name).lookingAt();
            return Pattern.compile(Fnmatch.translate(pattern), Pattern.DOTALL).matcher(name).matches();
        }

        private boolean age(FindQuery.Entry e) {
            if (a.age() == null) return true;
            double stamp = switch (a.ageStamp()) {
                case "atime" -> e.atime();
                case "ctime" -> e.ctime();
                default -> e.mtime();
            };
            long age = a.age();
            return age >= 0 ? now - stamp >= Math.abs(age) : now - stamp <= Math.abs(age);
        }

        private boolean size(FindQuery.Entry e) {
            if (a.size() == null) return true;
            long size = a.size();
            return size >= 0 ? e.size() >= Math.abs(size) : e.size() <= Math.abs(size);
        }

        /** A line that starts with a match (re.match per line), or a match anywhere with read_whole_file. */
        private boolean contains(FindQuery.Entry e) {
            if (a.contains() == null) return true;
            if (e.content() == null) return false;
            String text = new String(e.content(), StandardCharsets.UTF_8);
            Pattern p = RegexArg.text("contains", a.contains(), 0).pattern();
            if (a.readWholeFile()) return p.matcher(text).find();
            for (String line : text.split("(?<=\n)")) if (p.matcher(line).lookingAt()) return true;
            return false;
        }
    }

    Map<String, Object> registered() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("files", files);
        out.put("matched", matched());
        out.put("examined", examined);
        out.put("skipped_paths", skipped);
        out.put("msg", skipped.isEmpty() ? "All paths examined" : "Not all paths examined, check warnings for details");
        return out;
    }

    private static String parent(String relative) {
        int i = relative.lastIndexOf('/');
        return i < 0 ? "" : relative.substring(0, i);
    }

    private static String basename(String relative) {
        return relative.substring(relative.lastIndexOf('/') + 1);
    }

    /** Python's os.path.normpath for the paths find.py builds: repeated slashes and "." parts go, ".." goes up. */
    static String normpath(String path) {
        boolean absolute = path.startsWith("/");
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..") && !parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) parts.remove(parts.size() - 1);
            else if (!(p.equals("..") && absolute)) parts.add(p);
        }
        String joined = String.join("/", parts);
        return absolute ? "/" + joined : joined.isEmpty() ? "." : joined;
    }
}
