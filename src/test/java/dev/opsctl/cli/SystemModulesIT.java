package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sysctl, hostname, timezone, wait_for, pause, apt_repository, apt_key, get_url and unarchive over SSH against real sshd hosts, through the command line: the
 * files and kernel settings on the hosts, then a second apply that changes nothing. Only UTS-namespaced kernel
 * settings (the host name and NIS domain name) are set: every fleet host shares this machine's kernel.
 */
@FleetHosts(2)
class SystemModulesIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private CliRun cli(String command, Path playbook, String... more) throws Exception {
        Path inv = tmp.resolve("inventory.yml");
        if (!Files.exists(inv)) fleet.inventory(inv);
        return CliRun.onFleet(fleet, command, playbook, inv, more);
    }

    /** The hosts are as the playbook wants them: the plan has no changes and another apply changes nothing. */
    private void assertSettled(Path pb, int tasks) throws Exception {
        CliRun plan = cli("plan", pb, "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("No changes.");
        CliRun again = cli("apply", pb);
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        for (FleetHost h : fleet.hosts()) assertThat(again.out()).containsPattern(h.name() + "\\s+: ok=" + tasks + "\\s+changed=0");
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static final String SETTINGS = """
            - hosts: all
              tasks:
                - name: NIS domain
                  sysctl: {name: kernel.domainname, value: fleet.test, sysctl_file: /etc/sysctl.d/60-opsctl.conf}
                - name: host name
                  hostname: {name: "{{ inventory_hostname }}-web"}
                - name: zone
                  timezone: {name: Europe/Paris}
                - name: sshd listens
                  wait_for: {port: "{{ ansible_port }}", timeout: 10}
                - name: name written
                  wait_for: {path: /etc/hostname, search_regex: "-web$", timeout: 5}
                - name: settle
                  pause: {seconds: 1}
            """;

    @Test
    void setsKernelNameZoneAndWaitsThenChangesNothing() throws Exception {
        Path pb = write("settings.yml", SETTINGS);
        CliRun plan = cli("plan", pb, "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("+ NIS domain: sysctl kernel.domainname", "~ host name: hostname h001-web", "~ zone: timezone Europe/Paris");

        CliRun apply = cli("apply", pb);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        for (FleetHost h : fleet.hosts()) {
            assertThat(Files.readString(fleet.path(h, "/etc/sysctl.d/60-opsctl.conf"))).isEqualTo("kernel.domainname=fleet.test\n");
            assertThat(Files.readString(fleet.path(h, "/etc/hostname"))).isEqualTo(h.name() + "-web\n");
            assertThat(Files.readString(fleet.path(h, "/etc/timezone"))).isEqualTo("Europe/Paris\n");
        }
        // The running names and the zone's link, as a process on each host sees them.
        Path show = write("show.yml", "- hosts: all\n  tasks:\n    - shell: echo \"$(uname -n) $(cat /proc/sys/kernel/domainname)"
                + " $(readlink /etc/localtime) $(date +%Z)\" > /root/names\n");
        assertThat(cli("apply", show).exitCode()).isZero();
        for (FleetHost h : fleet.hosts()) {
            assertThat(Files.readString(fleet.path(h, "/root/names"))).matches(h.name() + "-web fleet.test /usr/share/zoneinfo/Europe/Paris CES?T\n");
        }

        assertSettled(pb, 6);

        Path late = write("late.yml", """
                - hosts: all
                  tasks:
                    - wait_for: {path: /root/never, timeout: 1}
                """);
        CliRun timeout = cli("apply", late);
        assertThat(timeout.exitCode()).as(timeout.out()).isEqualTo(2);
        assertThat(timeout.out()).contains("Timeout when waiting for file /root/never");
    }

    private static final String FETCH = """
            - hosts: all
              tasks:
                - name: vendor repo
                  apt_repository:
                    repo: "deb [signed-by=/etc/apt/keyrings/vendor.asc] http://127.0.0.1:9/debian bookworm main"
                    update_cache: false
                - name: named repo
                  apt_repository: {repo: "deb http://127.0.0.1:9/extra bookworm main", filename: extra, mode: "0640", update_cache: no}
                - name: release
                  get_url: {url: "%1$s/app.tar", dest: /opt/app.tar, mode: "0600", checksum: "sha256:%1$s/SHA256SUMS"}
                - name: config
                  get_url: {url: "%1$s/app.conf", dest: /etc/, headers: {X-Token: t0k}}
                - name: vendor key
                  apt_key: {url: "%1$s/vendor.asc", keyring: /etc/apt/keyrings/vendor.asc}
                - name: other key
                  apt_key: {url: "%1$s/other.gpg", id: AFCB9833838CBA17FBD7DC2E78D080485ECFFADE}
            """;

    @Test
    void addsRepositoriesAndDownloadsFilesThenChangesNothing() throws Exception {
        byte[] tar = "not really a tar\n".getBytes(StandardCharsets.UTF_8);
        String tarSum = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(tar));
        Map<String, Integer> requests = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            requests.merge(x.getRequestURI().getPath(), 1, Integer::sum);
            byte[] body = switch (x.getRequestURI().getPath()) {
                case "/app.tar" -> tar;
                case "/SHA256SUMS" -> (tarSum + "  app.tar\n").getBytes(StandardCharsets.UTF_8);
                case "/app.conf" -> ("token=" + x.getRequestHeaders().getFirst("X-Token") + "\n").getBytes(StandardCharsets.UTF_8);
                case "/vendor.asc", "/other.gpg" -> resource(x.getRequestURI().getPath());
                default -> null;
            };
            x.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        try {
            Path pb = write("fetch.yml", FETCH.formatted("http://127.0.0.1:" + server.getAddress().getPort()));
            CliRun apply = cli("apply", pb);
            assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
            for (FleetHost h : fleet.hosts()) {
                assertThat(Files.readString(fleet.path(h, "/etc/apt/sources.list.d/127_0_0_1_9_debian.list")))
                        .isEqualTo("deb [signed-by=/etc/apt/keyrings/vendor.asc] http://127.0.0.1:9/debian bookworm main\n");
                Path extra = fleet.path(h, "/etc/apt/sources.list.d/extra.list");
                assertThat(Files.readString(extra)).isEqualTo("deb http://127.0.0.1:9/extra bookworm main\n");
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(extra))).isEqualTo("rw-r-----");
                Path app = fleet.path(h, "/opt/app.tar");
                assertThat(Files.readAllBytes(app)).isEqualTo(tar);
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(app))).isEqualTo("rw-------");
                assertThat(Files.readString(fleet.path(h, "/etc/app.conf"))).isEqualTo("token=t0k\n");
                assertThat(Files.readAllBytes(fleet.path(h, "/etc/apt/keyrings/vendor.asc"))).isEqualTo(resource("/vendor.asc"));
                assertThat(Files.readAllBytes(fleet.path(h, "/etc/apt/trusted.gpg.d/AFCB9833838CBA17FBD7DC2E78D080485ECFFADE.gpg")))
                        .isEqualTo(resource("/other.gpg"));
            }
            // One download per run for all hosts, and none for a file already right or a key already held.
            assertThat(requests).containsEntry("/app.tar", 1).containsEntry("/app.conf", 1).containsEntry("/other.gpg", 1);
            assertSettled(pb, 6);
            assertThat(requests).containsEntry("/app.tar", 1).containsEntry("/app.conf", 1).containsEntry("/other.gpg", 1)
                    .containsEntry("/SHA256SUMS", 3);

            Path removal = write("removal.yml", """
                    - hosts: all
                      tasks:
                        - apt_repository: {repo: "deb http://127.0.0.1:9/extra bookworm main", state: absent, update_cache: no}
                        - apt_key: {id: 78D080485ECFFADE, state: absent}
                    """);
            CliRun removed = cli("apply", removal);
            assertThat(removed.exitCode()).as(removed.out() + removed.err()).isZero();
            for (FleetHost h : fleet.hosts()) {
                assertThat(fleet.path(h, "/etc/apt/sources.list.d/extra.list")).doesNotExist();
                assertThat(fleet.path(h, "/etc/apt/trusted.gpg.d/AFCB9833838CBA17FBD7DC2E78D080485ECFFADE.gpg")).doesNotExist();
                assertThat(fleet.path(h, "/etc/apt/keyrings/vendor.asc")).exists();
            }
        } finally {
            server.stop(0);
        }
    }

    private static final String UNPACK = """
            - hosts: all
              tasks:
                - file: {path: /opt/app, state: directory}
                - name: from the controller
                  unarchive: {src: app.tar.gz, dest: /opt/app}
                - get_url: {url: "%s/app.tar.gz", dest: /root/app.tar.gz}
                - file: {path: /opt/remote, state: directory}
                - name: on the host
                  unarchive: {src: /root/app.tar.gz, dest: /opt/remote, remote_src: yes, extra_opts: [--strip-components=1], mode: "0750"}
                - name: only once
                  unarchive: {src: app.tar.gz, dest: /opt, creates: /opt/app/app-1.0}
            """;

    @Test
    void unpacksControllerAndHostArchivesThenChangesNothing() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree/app-1.0/bin"));
        Files.writeString(tree.resolve("run"), "#!/bin/sh\necho run\n");
        Files.writeString(tree.getParent().resolve("VERSION"), "1.0\n");
        Process tar = new ProcessBuilder("tar", "-czf", tmp.resolve("app.tar.gz").toString(), "-C", tmp.resolve("tree").toString(), "app-1.0").start();
        assertThat(tar.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        byte[] archive = Files.readAllBytes(tmp.resolve("app.tar.gz"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/app.tar.gz", x -> {
            x.sendResponseHeaders(200, archive.length);
            x.getResponseBody().write(archive);
            x.close();
        });
        server.start();
        try {
            Path pb = write("unpack.yml", UNPACK.formatted("http://127.0.0.1:" + server.getAddress().getPort()));
            CliRun plan = cli("plan", pb);
            assertThat(plan.out()).as(plan.out() + plan.err()).contains("+ from the controller: unarchive app.tar.gz -> /opt/app",
                    "> on the host: unarchive /root/app.tar.gz -> /opt/remote", "extract /root/app.tar.gz once an earlier task has written it");
            CliRun apply = cli("apply", pb);
            assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
            for (FleetHost h : fleet.hosts()) {
                assertThat(Files.readString(fleet.path(h, "/opt/app/app-1.0/VERSION"))).isEqualTo("1.0\n");
                assertThat(Files.readString(fleet.path(h, "/opt/app/app-1.0/bin/run"))).startsWith("#!/bin/sh");
                Path run = fleet.path(h, "/opt/remote/bin/run");
                assertThat(Files.readString(run)).startsWith("#!/bin/sh");
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(run))).isEqualTo("rwxr-x---");
                assertThat(fleet.path(h, "/opt/app-1.0")).doesNotExist();
            }
            assertSettled(pb, 6);

            Files.delete(fleet.path(fleet.hosts().get(0), "/opt/remote/bin/run"));
            CliRun repair = cli("plan", pb, "--detailed-exitcode");
            assertThat(repair.exitCode()).as(repair.out()).isEqualTo(2);
            assertThat(repair.out()).contains("~ on the host: unarchive /root/app.tar.gz -> /opt/remote", "bin/run: Warning: Cannot stat")
                    .contains("on 2 hosts (1 unchanged)");
        } finally {
            server.stop(0);
        }
    }

    private static byte[] resource(String name) {
        try (java.io.InputStream in = SystemModulesIT.class.getResourceAsStream("/aptkey" + name)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
