package dev.opsctl.module.find;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listing in, find.py's result out (the expected lists are what ansible-core 2.14 returned for the same tree). */
class FindModuleTest {
    private static final double NOW = 2_000_000_000;

    private final FindModule module = new FindModule();

    @TempDir
    Path dir;

    private static FindQuery.Entry entry(String rel, char type, char target, long size, double ageSeconds, String content) {
        return new FindQuery.Entry(rel, type, target, type == 'd' ? 0755 : 0644, 0, 0, size, 1, 2, 1, NOW - ageSeconds,
                NOW - ageSeconds, NOW - ageSeconds, "root", "root", content == null ? null : content.getBytes(StandardCharsets.UTF_8), null);
    }

    /** The tree as find lists it (readdir order, directories followed by their entries). */
    private static final List<FindQuery.Entry> TREE = List.of(
            entry(".h.conf", 'f', 'f', 2, 10, "h\n"),
            entry("b.txt", 'f', 'f', 2, 9e8, "x\n"),
            entry("lnk", 'l', 'd', 3, 10, null),
            entry("sub", 'd', 'd', 4096, 10, null),
            entry("sub/c.conf", 'f', 'f', 7, 10, "port=1\n"),
            entry("sub/.hid", 'd', 'd', 4096, 10, null),
            entry("sub/.hid/e.conf", 'f', 'f', 2, 10, "y\n"),
            entry(".cfg", 'd', 'd', 4096, 10, null),
            entry(".cfg/d.conf", 'f', 'f', 2, 10, "z\n"),
            entry("a.conf", 'f', 'f', 10, 10, "listen 80\n"));

    @SuppressWarnings("unchecked")
    private Map<String, Object> find(Map<String, Object> raw, List<FindQuery.Root> roots) {
        FindModule.FindArgs a = new HostRun(dir).parse(module, raw);
        Planned p = module.plan(a, HostRun.facts(Map.of(a.query(), new FindQuery.Listing(NOW, roots))));
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
        return module.registered(a, p, null);
    }

    @SuppressWarnings("unchecked")
    private static List<String> paths(Map<String, Object> r) {
        return ((List<Map<String, Object>>) r.get("files")).stream().map(f -> (String) f.get("path")).toList();
    }

    @Test
    void recursiveWalkOrderAndHiddenEntriesAsOsWalkGivesThem() {
        Map<String, Object> r = find(Map.of("paths", "/srv/ft", "patterns", "*.conf", "recurse", true),
                List.of(new FindQuery.Root("/srv/ft", true, TREE)));
        assertThat(paths(r)).containsExactly("/srv/ft/a.conf", "/srv/ft/sub/c.conf", "/srv/ft/sub/.hid/e.conf", "/srv/ft/.cfg/d.conf");
        assertThat(r).containsEntry("matched", 4).containsEntry("examined", 10).containsEntry("msg", "All paths examined");
    }

    @Test
    void anyTypeListsFilesThenDirectoriesAndAMissingPathIsSkipped() {
        List<FindQuery.Entry> top = TREE.stream().filter(e -> !e.relative().contains("/")).toList();
        Map<String, Object> r = find(Map.of("paths", List.of("/srv/ft/", "/nonexist"), "file_type", "any", "hidden", "yes"),
                List.of(new FindQuery.Root("/srv/ft/", true, top), new FindQuery.Root("/nonexist", false, List.of())));
        assertThat(paths(r)).containsExactly("/srv/ft/.h.conf", "/srv/ft/b.txt", "/srv/ft/a.conf", "/srv/ft/lnk", "/srv/ft/sub", "/srv/ft/.cfg");
        assertThat(r).containsEntry("examined", 6).containsEntry("skipped_paths", Map.of("/nonexist", "'/nonexist' is not a directory"))
                .containsEntry("msg", "Not all paths examined, check warnings for details");
    }

    @Test
    void contentAgeSizeAndRegexFilters() {
        List<FindQuery.Root> tree = List.of(new FindQuery.Root("/srv/ft", true, TREE));
        assertThat(paths(find(Map.of("paths", "/srv/ft", "contains", "^port", "recurse", true), tree))).containsExactly("/srv/ft/sub/c.conf");
        // contains matches at a line's start unless the whole file is read
        assertThat(paths(find(Map.of("paths", "/srv/ft", "contains", "80"), tree))).isEmpty();
        assertThat(paths(find(Map.of("paths", "/srv/ft", "contains", "80", "read_whole_file", true), tree))).containsExactly("/srv/ft/a.conf");
        assertThat(paths(find(Map.of("paths", "/srv/ft", "age", "4w"), tree))).containsExactly("/srv/ft/b.txt");
        assertThat(paths(find(Map.of("paths", "/srv/ft", "size", "5b"), tree))).containsExactly("/srv/ft/a.conf");
        assertThat(paths(find(Map.of("paths", "/srv/ft", "file_type", "link", "use_regex", true, "patterns", "^l.k$"), tree)))
                .containsExactly("/srv/ft/lnk");
    }

    @Test
    void badAgeOrSizeIsAnArgumentError() {
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("paths", "/x", "age", "3y")))
                .isInstanceOf(ArgException.class).hasMessage("failed to process age");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("paths", "/x", "size", "big")))
                .isInstanceOf(ArgException.class).hasMessage("failed to process size");
    }
}
