package dev.opsctl.module.find;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.module.RegexArg;
import dev.opsctl.plan.Change;
import dev.opsctl.python.PyRegex;
import dev.opsctl.transport.ExecResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's {@code find}: files matching name patterns, age, size and content under some directories, read from one
 * listing in the host's fact exec and filtered as find.py filters them. It never changes the host.
 */
public final class FindModule implements HostModule<FindModule.FindArgs> {
    /** Typed arguments: age in seconds and size in bytes (negative: at most), or null. */
    public record FindArgs(List<String> paths, List<String> patterns, List<String> excludes, boolean useRegex, String contains,
                           boolean readWholeFile, String fileType, Long age, String ageStamp, Long size, boolean recurse,
                           boolean hidden, boolean getChecksum, int depth) {
        FindQuery query() {
            int maxDepth = !recurse ? 1 : depth > 0 ? depth + 1 : 0;
            return new FindQuery(paths, maxDepth, contains != null && fileType.equals("file"), getChecksum);
        }
    }

    private static final Pattern AGE = Pattern.compile("^(-?\\d+)([smhdw])?$");
    private static final Pattern SIZE = Pattern.compile("^(-?\\d+)([bkmgt])?$");

    @Override
    public String name() {
        return "find";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("paths", "name", "path", "patterns", "pattern", "excludes", "exclude", "contains", "read_whole_file",
                "file_type", "age", "age_stamp", "size", "recurse", "hidden", "get_checksum", "use_regex", "depth");
    }

    @Override
    public FindArgs parse(Args args, ModuleContext ctx) {
        List<String> paths = args.list("paths", "name", "path");
        if (paths == null || paths.isEmpty()) throw new ArgException("missing required argument 'paths'");
        boolean useRegex = args.bool("use_regex", false);
        List<String> patterns = args.list("patterns", "pattern");
        if (patterns == null || patterns.isEmpty()) patterns = List.of(useRegex ? ".*" : "*");
        List<String> excludes = args.list("excludes", "exclude");
        String contains = args.string("contains");
        if (useRegex) {
            for (String p : patterns) RegexArg.text("patterns", p, 0);
            if (excludes != null) for (String e : excludes) RegexArg.text("excludes", e, 0);
        }
        if (contains != null) RegexArg.text("contains", contains, 0);
        Long age = amount(args.string("age"), AGE, Map.of("s", 1L, "m", 60L, "h", 3600L, "d", 86400L, "w", 604800L), "age");
        Long size = amount(args.string("size"), SIZE, Map.of("b", 1L, "k", 1024L, "m", 1L << 20, "g", 1L << 30, "t", 1L << 40), "size");
        String depth = args.string("depth");
        int depthValue;
        try {
            depthValue = depth == null ? 0 : Integer.parseInt(depth.strip());
        } catch (NumberFormatException e) {
            throw new ArgException("argument 'depth' must be an integer, not '" + depth + "'");
        }
        return new FindArgs(paths, patterns, excludes == null || excludes.isEmpty() ? null : excludes, useRegex, contains,
                args.bool("read_whole_file", false), args.choice("file_type", "file", "any", "directory", "file", "link"), age,
                args.choice("age_stamp", "mtime", "atime", "ctime", "mtime"), size, args.bool("recurse", false),
                args.bool("hidden", false), args.bool("get_checksum", false), depthValue);
    }

    /** {@code 2d}, {@code -10m}, {@code 4k}: find.py's age and size; its failure message otherwise. */
    private static Long amount(String raw, Pattern form, Map<String, Long> units, String name) {
        if (raw == null) return null;
        Matcher m = form.matcher(raw.toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new ArgException("failed to process " + name);
        return Long.parseLong(m.group(1)) * (m.group(2) == null ? 1 : units.get(m.group(2)));
    }

    @Override
    public List<FactQuery<?>> facts(FindArgs a) {
        return List.of(a.query());
    }

    @Override
    public Planned plan(FindArgs a, Facts facts) {
        FindQuery.Listing listing = facts.get(a.query());
        FindResult result = FindResult.of(a, listing);
        String why = result.matched() + " of " + result.examined() + " entries matched";
        // The listing rides with the plan for register: (as service_facts does); the host itself does not change.
        return new Planned(Change.none("find in " + String.join(", ", a.paths()), why), List.of(new FactUpdate<>(a.query(), listing)));
    }

    @Override
    public Map<String, Object> registered(FindArgs a, Planned planned, ExecResult last) {
        return FindResult.of(a, (FindQuery.Listing) planned.predicted().get(0).value()).registered();
    }
}
