package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile host cannot reach into the controller: its hostname, a file's content and a symlink's target are Jinja
 * expressions that would read a controller file and a controller environment variable. opsctl (the packaged launcher,
 * with that variable set) must write their literal text wherever a task uses them, and neither secret may appear on
 * the host or in any output.
 */
@FleetHosts(1)
class HostileHostIT {
    private static final String ENV = "OPSCTL_HOSTILE_CANARY";
    private static final String ENV_SECRET = "env-secret-7f3a91";
    private static final String FILE_SECRET = "file-secret-c05e22";
    private static Fleet fleet;

    @TempDir
    Path tmp;

    @Test
    void whatAHostSaysIsWrittenAsTextAndNoControllerSecretLeaks() throws Exception {
        FleetHost h = fleet.hosts().get(0);
        // The controller's secret file lives outside /tmp of the hosts (theirs is a tmpfs of their own).
        Path secretDir = Files.createTempDirectory(Path.of("/tmp"), "opsctlcanary");
        Path secret = secretDir.resolve("s");
        Files.writeString(secret, FILE_SECRET);
        try {
            String readFile = "{{ lookup('file','" + secret + "') }}";
            String readEnv = "{{ lookup('env','" + ENV + "') }}";
            String hostname = "{{lookup('env','" + ENV + "')}}";
            ssh(h, "printf %s \"$1\" > /proc/sys/kernel/hostname && mkdir -p /srv/hostile /srv/out && printf '%s\\n' \"$2\" > /srv/hostile/motd && ln -sfn \"$3\" /srv/hostile/link"
                    + " && printf '%s\\n' '{{ who }}' > /srv/hostile/who", hostname, readFile, readEnv);

            Path pb = tmp.resolve("hostile.yml");
            Files.writeString(pb, """
                    - hosts: all
                      gather_facts: true
                      tasks:
                        - command: cat /srv/hostile/motd
                          register: motd
                        - command: cat /srv/hostile/who
                          register: who_out
                        - stat: {path: /srv/hostile/link}
                          register: link
                        - set_fact:
                            combined: "{{ motd.stdout }} + {{ link.stat.lnk_target }}"
                            short_name: "{{ ansible_hostname }}"
                        - copy: {dest: /srv/out/hostname, content: "{{ ansible_hostname }}\\n"}
                        - copy: {dest: /srv/out/facts, content: "{{ ansible_facts.hostname }}\\n"}
                        - copy: {dest: /srv/out/motd, content: "{{ motd.stdout }}\\n"}
                        - copy: {dest: /srv/out/who, content: "{{ who_out.stdout }}\\n"}
                        - copy: {dest: /srv/out/link, content: "{{ link.stat.lnk_target }}\\n"}
                        - copy: {dest: /srv/out/combined, content: "{{ combined }}\\n"}
                        - copy: {dest: /srv/out/short, content: "{{ short_name }}\\n"}
                        - copy: {dest: /srv/out/item, content: "{{ item }}\\n"}
                          loop: "{{ motd.stdout_lines }}"
                        - template: {src: hostile.j2, dest: /srv/out/template}
                        - debug: {msg: "{{ motd.stdout }} {{ ansible_hostname }}"}
                    """);
            Files.writeString(tmp.resolve("hostile.j2"), "{{ ansible_hostname }} {{ link.stat.lnk_target }}\n");
            Path inv = tmp.resolve("inventory.yml");
            fleet.inventory(inv);

            Run plan = opsctl("plan", pb.toString(), "-i", inv.toString(), "--known-hosts=" + fleet.knownHosts(), "--diff");
            assertThat(plan.code()).as(plan.out()).isIn(0, 2);
            Run apply = opsctl("apply", pb.toString(), "-i", inv.toString(), "--known-hosts=" + fleet.knownHosts(), "--diff", "-v");
            assertThat(apply.code()).as(apply.out()).isZero();

            assertThat(read(h, "/srv/out/hostname")).isEqualTo(hostname + "\n");
            assertThat(read(h, "/srv/out/facts")).isEqualTo(hostname + "\n");
            assertThat(read(h, "/srv/out/short")).isEqualTo(hostname + "\n");
            assertThat(read(h, "/srv/out/motd")).isEqualTo(readFile + "\n");
            assertThat(read(h, "/srv/out/who")).as("a command that prints {{ who }}").isEqualTo("{{ who }}\n");
            assertThat(read(h, "/srv/out/link")).isEqualTo(readEnv + "\n");
            assertThat(read(h, "/srv/out/combined")).isEqualTo(readFile + " + " + readEnv + "\n");
            assertThat(read(h, "/srv/out/item")).isEqualTo(readFile + "\n");
            assertThat(read(h, "/srv/out/template")).isEqualTo(hostname + " " + readEnv + "\n");

            for (String out : List.of(plan.out(), apply.out())) assertThat(out).doesNotContain(ENV_SECRET, FILE_SECRET);
            assertThat(filesHolding(h.dir().resolve("upper"), ENV_SECRET, FILE_SECRET)).as("files on the host holding a secret").isEmpty();
        } finally {
            Files.deleteIfExists(secret);
            Files.deleteIfExists(secretDir);
        }
    }

    record Run(int code, String out) {}

    /** The packaged launcher, with the controller's secret in its environment. */
    private static Run opsctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bin/opsctl"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put(ENV, ENV_SECRET);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    /** Runs {@code script} as root on the host over ssh, with {@code args} as $1, $2, ... */
    private static void ssh(FleetHost h, String script, String... args) throws Exception {
        StringBuilder remote = new StringBuilder("sh -c ").append(dev.opsctl.transport.Shell.quote(script)).append(" sh");
        for (String a : args) remote.append(' ').append(dev.opsctl.transport.Shell.quote(a));
        Process p = new ProcessBuilder("ssh", "-i", fleet.clientKey().toString(), "-p", String.valueOf(h.port()),
                "-o", "UserKnownHostsFile=" + fleet.knownHosts(), "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
                "root@127.0.0.1", remote.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private static String read(FleetHost h, String path) throws IOException {
        return Files.readString(fleet.path(h, path));
    }

    /** Regular files below {@code dir} that contain any of {@code needles}. */
    private static List<Path> filesHolding(Path dir, String... needles) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.size(f) > (8 << 20)) continue;
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String n : needles) if (text.contains(n)) out.add(f);
            }
        }
        return out;
    }
}
