package dev.opsctl.module.stat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.facts.FileState;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatModuleTest {
    private static final List<String> KEYS = List.of("exists", "path", "mode", "isdir", "isreg", "islnk", "uid", "gid",
            "pw_name", "gr_name", "size", "checksum", "lnk_source", "lnk_target");
    private final StatModule module = new StatModule();

    @TempDir
    Path dir;

    /** The layout the Ansible runs below used (as root): f = "hello\n" mode 0640, l -> f, d mode 0750. */
    @BeforeEach
    void layout() throws Exception {
        Files.writeString(dir.resolve("f"), "hello\n");
        Files.setPosixFilePermissions(dir.resolve("f"), PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(dir.resolve("l"), Path.of("f"));
        Files.createDirectory(dir.resolve("d"));
        Files.setPosixFilePermissions(dir.resolve("d"), PosixFilePermissions.fromString("rwxr-x---"));
    }

    private Map<String, Object> stat(Map<String, Object> raw) throws Exception {
        HostRun host = new HostRun(dir);
        StatModule.StatArgs a = host.parse(module, raw);
        Planned p = host.apply(module, a);
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
        assertThat(p.change().steps()).isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) module.registered(a, p, null).get("stat");
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : KEYS) if (s.containsKey(k)) out.put(k, s.get(k));
        return out;
    }

    /**
     * What the module should report for {@code path}, with owner, group and size read by {@code stat(1)} (through the
     * link when {@code follow}): the test runs as whoever runs it, and the module's own answer must not be the oracle.
     */
    private Map<String, Object> expected(String path, boolean follow, String mode, boolean dir, boolean reg, boolean lnk) throws Exception {
        String[] st = stat1(path, follow);
        assertThat(st[4]).as("stat(1) agrees with the mode the Ansible run showed").isEqualTo(mode.substring(1));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exists", true);
        m.put("path", path);
        m.put("mode", mode);
        m.put("isdir", dir);
        m.put("isreg", reg);
        m.put("islnk", lnk);
        m.put("uid", Integer.parseInt(st[0]));
        m.put("gid", Integer.parseInt(st[1]));
        m.put("pw_name", st[2]);
        m.put("gr_name", st[3]);
        m.put("size", Long.parseLong(st[5]));
        return m;
    }

    /** uid, gid, owner name, group name, octal mode and size of {@code path} as coreutils' stat prints them. */
    private static String[] stat1(String path, boolean follow) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("stat", "-c", "%u %g %U %G %a %s"));
        if (follow) command.add("-L");
        command.add("--");
        command.add(path);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out.split(" ");
    }

    // Ansible 2.14: {'exists': True, 'path': '/tmp/ans/s/f', 'mode': '0640', 'isdir': False, 'isreg': True, 'islnk': False,
    //  'uid': 0, 'gid': 0, 'pw_name': 'root', 'gr_name': 'root', 'size': 6, 'checksum': 'f572d396fae9206628714fb2ce00f72e94f2258f'}
    @Test
    void regularFile() throws Exception {
        String f = dir.resolve("f").toString();
        Map<String, Object> want = expected(f, false, "0640", false, true, false);
        assertThat(want).containsEntry("size", 6L);
        want.put("checksum", "f572d396fae9206628714fb2ce00f72e94f2258f");
        assertThat(stat(Map.of("path", f))).isEqualTo(want);
        // get_checksum=no: the same without checksum.
        assertThat(stat(Map.of("path", f, "get_checksum", "no"))).isEqualTo(expected(f, false, "0640", false, true, false));
    }

    // Ansible 2.14: {'exists': True, 'path': '/tmp/ans/s/d', 'mode': '0750', 'isdir': True, 'isreg': False, 'islnk': False, ..., 'size': 4096}
    @Test
    void directory() throws Exception {
        String d = dir.resolve("d").toString();
        assertThat(stat(Map.of("path", d))).isEqualTo(expected(d, false, "0750", true, false, false));
    }

    // Ansible 2.14: {'exists': True, 'path': '/tmp/ans/s/l', 'mode': '0777', 'isdir': False, 'isreg': False, 'islnk': True, ...,
    //  'size': 1, 'lnk_source': '/tmp/ans/s/f', 'lnk_target': 'f'}; with follow=yes the target's stat, path still the link's.
    @Test
    void linkNotFollowedAndFollowed() throws Exception {
        String l = dir.resolve("l").toString();
        Map<String, Object> want = expected(l, false, "0777", false, false, true);
        assertThat(want).containsEntry("size", 1L);
        want.put("lnk_source", dir.toRealPath().resolve("f").toString());
        want.put("lnk_target", "f");
        assertThat(stat(Map.of("path", l))).isEqualTo(want);
        Map<String, Object> followed = expected(l, true, "0640", false, true, false);
        followed.put("checksum", "f572d396fae9206628714fb2ce00f72e94f2258f");
        assertThat(stat(new HashMap<>(Map.of("path", l, "follow", true)))).isEqualTo(followed);
    }

    // Ansible 2.14: {'exists': False}
    @Test
    void missing() throws Exception {
        assertThat(stat(Map.of("path", dir.resolve("nope").toString()))).isEqualTo(Map.of("exists", false));
    }

    @Test
    void fixtureFactsGiveTheDictionary() {
        StatModule.StatArgs a = new StatModule.StatArgs("/etc/passwd", false, true);
        StatQuery q = new StatQuery("/etc/passwd", false);
        byte[] c = "root:x:0:0::/root:/bin/sh\n".getBytes();
        FileState.Present p = new FileState.Present(FileState.Kind.FILE, 0644, "root", "root", c.length, 2049, 77, null,
                c, dev.opsctl.facts.FileQuery.sha1(c), 0, 0);
        Planned planned = module.plan(a, HostRun.facts(Map.of(q, new StatQuery.Answer("/etc/passwd", p))));
        assertThat(planned.change().action()).isEqualTo(Action.NO_OP);
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) module.registered(a, planned, null).get("stat");
        assertThat(s).containsEntry("mode", "0644").containsEntry("uid", 0).containsEntry("size", 26L)
                .containsEntry("checksum", dev.opsctl.facts.FileQuery.sha1(c)).containsEntry("inode", 77L)
                .doesNotContainKey("lnk_source");
    }
}
