package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fact query and every step builder, fed names that a tool could read as options or a shell as code, on a real
 * host with tripwires: canary files that a misread {@code -delete} (find), {@code -rf} or an injected command would
 * remove or create. One generated test per task shape; each plans (nothing on the host may change) and applies (the
 * task may fail, as it should for such names, but no canary may go and no injected command may run).
 */
@FleetHosts(1)
class TripwireIT {
    /** Names starting with -, --, with spaces, globs, newlines, quotes, and shell code: each one a value of {@code item}. */
    static final List<String> HOSTILE = List.of("-delete", "--delete", "-print", "-rf", "--help", "-", "--",
            "-oDpkg::Pre-Invoke::=touch /root/pwned", "-pwned", "a name with spaces", "glob*", "new\nline", "quote'\"s",
            "$(touch /root/pwned)", "`touch /root/pwned`", ";touch /root/pwned", "-w kernel.pwned=1");

    /**
     * Task shapes, one per fact query and step builder a task can reach; {@code @V} is where each hostile value goes (the
     * task loops over them), {@code @L} where the whole list goes at once.
     */
    static final Map<String, String> TASKS = shapes();

    private static Fleet fleet;
    private static FleetHost host;
    private static Path inventory;
    private static Path dir;

    @BeforeAll
    static void writeInventoryAndHostileValues() throws Exception {
        host = fleet.hosts().get(0);
        dir = Files.createTempDirectory("opsctl-tripwire-");
        inventory = dir.resolve("inventory.yml");
        fleet.inventory(inventory);
        StringBuilder vars = new StringBuilder("hostile:\n");
        for (String v : HOSTILE) vars.append("  - ").append(dev.opsctl.json.Json.write(v)).append('\n');
        Files.writeString(dir.resolve("hostile.yml"), vars);
    }

    @AfterAll
    static void removeWorkDir() throws IOException {
        if (dir != null) deleteTree(dir);
    }

    private static Map<String, String> shapes() {
        Map<String, String> t = new TreeMap<>();
        t.put("file recurse (find)", "file: {path: @V, state: directory, recurse: true, mode: '0755', owner: root}");
        t.put("file directory", "file: {path: @V, state: directory, mode: '0700'}");
        t.put("file touch", "file: {path: @V, state: touch, mode: 'u=rw'}");
        t.put("file absent (rm)", "file: {path: @V, state: absent}");
        t.put("file link src", "file: {src: @V, dest: /root/tripwire-link, state: link}");
        t.put("file link dest", "file: {src: /etc/hostname, dest: @V, state: link}");
        t.put("file hard link", "file: {src: @V, dest: /root/tripwire-hard, state: hard}");
        t.put("file owner", "file: {path: /root/tripwire-owned, state: touch, owner: @V, group: @V}");
        t.put("copy dest", "copy: {dest: @V, content: \"x\\n\", mode: '0640', backup: true}");
        t.put("copy owner", "copy: {dest: /root/tripwire-copy, content: \"x\\n\", owner: @V}");
        t.put("template dest", "template: {src: tripwire.j2, dest: @V}");
        t.put("lineinfile", "lineinfile: {path: @V, line: x, create: true}");
        t.put("blockinfile", "blockinfile: {path: @V, block: x, create: true}");
        t.put("replace", "replace: {path: @V, regexp: x, replace: y}");
        t.put("stat", "stat: {path: @V, get_checksum: true}");
        t.put("command chdir", "command: {cmd: 'true', chdir: @V}");
        t.put("command creates", "command: {cmd: 'true', creates: @V}");
        t.put("command removes", "command: {cmd: 'true', removes: @V}");
        t.put("command argv", "command: {argv: [ls, -d, --, @V]}");
        t.put("user", "user: {name: @V, state: present}");
        t.put("user absent", "user: {name: @V, state: absent, remove: true}");
        t.put("user shell home", "user: {name: tripwireuser, shell: @V, home: @V, comment: @V}");
        t.put("group", "group: {name: @V, state: present}");
        t.put("group absent", "group: {name: @V, state: absent}");
        // apt-cache reads its whole cache per query (seconds each): every name in one query, no loop (@L is the list).
        t.put("apt", "apt: {name: @L, state: present}");
        t.put("apt deb", "apt: {deb: @V}");
        t.put("package", "package: {name: @V, state: absent}");
        t.put("service", "service: {name: @V, state: started, enabled: true}");
        t.put("cron user", "cron: {name: tripwire, job: 'true', user: @V}");
        t.put("cron file", "cron: {name: tripwire, job: 'true', user: root, cron_file: @V}");
        t.put("sysctl", "sysctl: {name: @V, value: '1', sysctl_set: true, reload: false, sysctl_file: /root/tripwire-sysctl.conf}");
        t.put("sysctl file", "sysctl: {name: kernel.tripwire, value: '1', sysctl_set: false, reload: true, sysctl_file: @V}");
        t.put("hostname", "hostname: {name: @V}");
        t.put("timezone", "timezone: {name: @V}");
        t.put("unarchive", "unarchive: {src: @V, dest: /root, remote_src: true}");
        t.put("unarchive dest", "unarchive: {src: /root/tripwire.tar, dest: @V, remote_src: true}");
        t.put("get_url", "get_url: {url: 'http://127.0.0.1:9/x', dest: @V, checksum: 'sha256:0000000000000000000000000000000000000000000000000000000000000000'}");
        t.put("authorized_key", "authorized_key: {user: @V, key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB3m6z8rJ7hMw2m2t3Z6w5XxT4JrJ7hMw2m2t3Z6w5Xx x'}");
        t.put("wait_for path", "wait_for: {path: @V, timeout: 1}");
        t.put("wait_for host", "wait_for: {host: @V, port: 9, timeout: 1}");
        t.put("apt_repository", "apt_repository: {repo: 'deb http://127.0.0.1/debian stable main', filename: @V, update_cache: false}");
        return t;
    }

    @TestFactory
    Stream<DynamicTest> noCanaryFallsAndAPlanChangesNothing() {
        // -Dtripwire.only=find runs the shapes whose name contains "find" (while working on one builder).
        String only = System.getProperty("tripwire.only", "");
        return TASKS.entrySet().stream().filter(e -> e.getKey().contains(only)).map(e -> DynamicTest.dynamicTest(e.getKey(), () -> tripwire(e.getKey(), e.getValue())));
    }

    private void tripwire(String name, String task) throws Exception {
        Path root = fleet.path(host, "/root");
        clean(root);
        Files.writeString(dir.resolve("tripwire.j2"), "x\n");
        lay(root);
        Path pb = dir.resolve("tripwire.yml");
        Files.writeString(pb, """
                - hosts: all
                  gather_facts: false
                  vars_files: [hostile.yml]
                  tasks:
                    - name: tripwire
                      ignore_errors: true
                      %s
                      %s
                """.formatted(task.contains("@L") ? "" : "loop: \"{{ hostile }}\"",
                        task.replace("@V", "\"{{ item }}\"").replace("@L", "\"{{ hostile }}\"")));

        Map<String, String> before = snapshot(host);
        CliRun plan = CliRun.onFleet(fleet, "plan", pb, inventory);
        assertThat(plan.exitCode()).as(name + ": plan\n" + plan.out() + plan.err()).isIn(0, 2, 3);
        assertThat(plan.out() + plan.err()).as(name).doesNotContain("internal error");
        assertThat(snapshot(host)).as(name + ": a plan changes nothing on the host").isEqualTo(before);
        assertCanaries(name + " (plan)", root);

        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inventory);
        assertThat(apply.exitCode()).as(name + ": apply\n" + apply.out() + apply.err()).isIn(0, 2, 3);
        assertThat(apply.out() + apply.err()).as(name).doesNotContain("internal error");
        assertCanaries(name + " (apply)", root);
    }

    /** Canary files where a misread option would strike: in the home (the sessions' working directory) and below. */
    private static void lay(Path root) throws IOException {
        Files.createDirectories(root.resolve("tripwire/inner"));
        Files.writeString(root.resolve("tripwire-canary"), "canary\n");
        Files.writeString(root.resolve("tripwire/inner/canary"), "canary\n");
        Files.writeString(root.resolve("-delete"), "a file literally named -delete\n");
        Process tar = new ProcessBuilder("tar", "-cf", root.resolve("tripwire.tar").toString(), "-C", dir.toString(), "tripwire.j2")
                .redirectErrorStream(true).start();
        tar.getInputStream().readAllBytes();
        try {
            assertThat(tar.waitFor()).isZero();
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    private static void assertCanaries(String name, Path root) throws IOException {
        assertThat(root.resolve("tripwire-canary")).as(name).hasContent("canary");
        assertThat(root.resolve("tripwire/inner/canary")).as(name).hasContent("canary");
        assertThat(root.resolve(".ssh/authorized_keys")).as(name).exists();
        assertThat(root.resolve("pwned")).as(name + ": no injected command ran").doesNotExist();
        assertThat(Files.readString(fleet.path(host, "/proc/sys/kernel/hostname"))).as(name).isNotBlank();
    }

    /** Every entry below the places a hostile name could reach, with its kind, mode and size: what a plan must keep. */
    private static Map<String, String> snapshot(FleetHost h) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String top : List.of("/root", "/tmp", "/etc/cron.d", "/etc/apt/sources.list.d", "/var/spool/cron")) {
            Path base = fleet.path(h, top);
            if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) continue;
            try (Stream<Path> all = Files.walk(base)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    out.put(top + "/" + base.relativize(p), (a.isDirectory() ? "d" : a.isSymbolicLink() ? "l" : "f")
                            + " " + (a.isDirectory() ? "" : a.size() + " " + a.lastModifiedTime())
                            + " " + Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS));
                }
            }
        }
        return out;
    }

    /** Removes what earlier shapes left in the home, keeping its ssh key and shell files. */
    private static void clean(Path root) throws IOException {
        try (Stream<Path> top = Files.list(root)) {
            for (Path p : top.toList()) {
                String n = p.getFileName().toString();
                if (n.equals(".ssh") || n.equals(".bashrc") || n.equals(".profile")) continue;
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        List<Path> all = new ArrayList<>();
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.walk(p)) {
                s.forEach(all::add);
            }
        } else {
            all.add(p);
        }
        all.sort(Comparator.reverseOrder());
        for (Path x : all) Files.deleteIfExists(x);
    }
}
