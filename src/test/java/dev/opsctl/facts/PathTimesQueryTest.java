package dev.opsctl.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file module asks where a path leads (and its times) for every task that follows links, which is nearly every
 * file task: run by dash on real files, the answers must be right, and a plain entry must cost no extra process.
 */
class PathTimesQueryTest {
    @TempDir
    Path dir;

    @Test
    void aPlainDirectoryIsAnsweredWithoutStartingAProcess() throws Exception {
        Path d = Files.createDirectory(dir.resolve("etc"));
        Path calls = dir.resolve("calls");
        PathTimesQuery.PathTimes t = gather(new PathTimesQuery(d.toString(), true, false), tracedTools(calls));
        assertThat(t.resolved()).isEqualTo(d.toString());
        // Not asked again: the task's FileQuery for the same path says what it is.
        assertThat(t.state()).isNull();
        assertThat(t.zone()).isNull();
        assertThat(t.mtime()).isNull();
        assertThat(Files.exists(calls) ? Files.readString(calls) : "").isEmpty();
    }

    @Test
    void aLinkIsFollowedToWhereItLeads() throws Exception {
        Path target = Files.createDirectories(dir.resolve("releases/new\nline"));
        Path link = Files.createSymbolicLink(dir.resolve("current"), Path.of("releases/new\nline"));
        PathTimesQuery.PathTimes t = gather(new PathTimesQuery(link.toString(), true, false), null);
        assertThat(t.resolved()).isEqualTo(target.toRealPath().toString());
        assertThat(t.state()).isInstanceOf(FileState.Present.class);
        assertThat(((FileState.Present) t.state()).kind()).isEqualTo(FileState.Kind.DIRECTORY);
    }

    @Test
    void aLinkNotFollowedIsStillDescribed() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere"));
        PathTimesQuery.PathTimes t = gather(new PathTimesQuery(link.toString(), false, true), null);
        assertThat(t.resolved()).isEqualTo(link.toString());
        assertThat(((FileState.Present) t.state()).kind()).isEqualTo(FileState.Kind.LINK);
    }

    @Test
    void timesComeWithTheHostsZone() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_577_975_445_250L));
        PathTimesQuery.PathTimes t = gather(new PathTimesQuery(f.toString(), true, true), null);
        assertThat(t.mtime()).isEqualByComparingTo(new BigDecimal("1577975445.25"));
        assertThat(t.atime()).isNotNull();
        String link = Files.isSymbolicLink(Path.of("/etc/localtime")) ? Files.readSymbolicLink(Path.of("/etc/localtime")).toString() : "";
        if (System.getenv("TZ") == null && link.contains("zoneinfo/")) {
            assertThat(t.zone()).isEqualTo(link.substring(link.indexOf("zoneinfo/") + "zoneinfo/".length()));
        }
    }

    @Test
    void sectionsWithoutASubshellKeepTheirAnswersApart() throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path target = Files.writeString(dir.resolve("target"), "t");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        PathTimesQuery qa = new PathTimesQuery(a.toString(), true, false);
        PathTimesQuery ql = new PathTimesQuery(link.toString(), true, false);
        FileQuery fa = new FileQuery(a.toString(), false);
        FileQuery fl = new FileQuery(link.toString(), false);
        Facts facts = new Facts();
        FactBatch.gather(new ShellConnection(List.of("dash"), System.getenv("PATH"), dir), new ArrayList<>(List.of(fa, ql, qa, fl)), facts);
        assertThat(((FileState.Present) facts.get(fa)).kind()).isEqualTo(FileState.Kind.DIRECTORY);
        assertThat(((FileState.Present) facts.get(fl)).kind()).isEqualTo(FileState.Kind.LINK);
        assertThat(facts.get(ql).resolved()).isEqualTo(target.toRealPath().toString());
        assertThat(((FileState.Present) facts.get(ql).state()).kind()).isEqualTo(FileState.Kind.FILE);
        assertThat(facts.get(qa).resolved()).isEqualTo(a.toString());
        assertThat(facts.get(qa).state()).isNull();
    }

    private PathTimesQuery.PathTimes gather(PathTimesQuery q, Path tools) throws Exception {
        String path = System.getenv("PATH");
        if (tools != null) path = tools + ":" + path;
        Facts facts = new Facts();
        FactBatch.gather(new ShellConnection(List.of("dash"), path, dir), new ArrayList<>(List.of(q)), facts);
        return facts.get(q);
    }

    /** A directory of wrappers, first on PATH, that note each call of the tools the query could start. */
    private Path tracedTools(Path calls) throws IOException {
        Path bin = Files.createDirectories(dir.resolve(".traced-bin"));
        for (String tool : List.of("od", "tr", "readlink", "stat")) {
            Path real = Path.of(new String(new ProcessBuilder("sh", "-c", "command -v " + tool).start().getInputStream().readAllBytes()).strip());
            Path wrapper = bin.resolve(tool);
            Files.writeString(wrapper, "#!/bin/sh\necho " + tool + " >> '" + calls + "'\nexec " + real + " \"$@\"\n");
            assertThat(wrapper.toFile().setExecutable(true)).isTrue();
        }
        return bin;
    }
}
