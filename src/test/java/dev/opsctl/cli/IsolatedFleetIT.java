package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Isolated fleet hosts as a role with a daemon sees them: each host runs a web server on the same fixed port 80 and
 * answers at its own address with its own page; killing every daemon on one host (pkill, then kill -9 -1) leaves the
 * other host's running; an emulated reboot ends everything the host started and brings back only sshd; and the host
 * has /run as a booted Debian does.
 */
@FleetHosts(value = 2, isolated = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IsolatedFleetIT {
    private static Fleet fleet;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path tmp;

    private static Path inventory;

    @BeforeAll
    static void inventory() throws IOException {
        inventory = tmp.resolve("inventory.yml");
        fleet.inventory(inventory);
    }

    private static CliRun apply(String name, String playbook, String... more) throws IOException {
        Path pb = tmp.resolve(name + ".yml");
        Files.writeString(pb, playbook);
        return CliRun.onFleet(fleet, "apply", pb, inventory, more);
    }

    /** The page the host's port 80 serves, or null when nothing answers there. */
    private static String page(FleetHost h) throws InterruptedException {
        try {
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://" + h.address() + ":80/index.html")).timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(get, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException refused) {
            return null;
        }
    }

    /** Waits (bounded) until the host's page is {@code expected}; returns what it last was. */
    private static String pageWithin(FleetHost h, String expected) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        String p = page(h);
        while (!java.util.Objects.equals(p, expected) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            p = page(h);
        }
        return p;
    }

    private static final String START_HTTPD = """
            - hosts: all
              tasks:
                - file: {path: /srv/www, state: directory}
                - copy: {dest: /srv/www/index.html, content: "I am {{ inventory_hostname }}\\n"}
                - shell: busybox httpd -p 80 -h /srv/www
            """;

    @Test
    @Order(1)
    void eachHostServesItsOwnPageOnTheSamePortAtItsOwnAddress() throws Exception {
        FleetHost h1 = fleet.host("h001");
        FleetHost h2 = fleet.host("h002");
        assertThat(h1.address()).isNotEqualTo(h2.address()).startsWith("10.77.");
        assertThat(h1.port()).isEqualTo(22);

        CliRun r = apply("start", START_HTTPD, "--yes");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();

        assertThat(pageWithin(h1, "I am h001\n")).isEqualTo("I am h001\n");
        assertThat(pageWithin(h2, "I am h002\n")).isEqualTo("I am h002\n");
    }

    @Test
    @Order(2)
    void killingEveryDaemonOnOneHostLeavesTheOthersRunning() throws Exception {
        FleetHost h1 = fleet.host("h001");
        FleetHost h2 = fleet.host("h002");
        assertThat(pageWithin(h1, "I am h001\n")).isEqualTo("I am h001\n");

        // pkill matches by name across every process it can see: on h001 it sees only h001's.
        CliRun pkill = apply("pkill", """
                - hosts: h001
                  tasks:
                    - command: pkill -x busybox
                """, "--yes");
        assertThat(pkill.exitCode()).as(pkill.out() + pkill.err()).isZero();
        assertThat(pageWithin(h1, null)).as("h001's httpd is gone").isNull();
        assertThat(page(h2)).as("h002's httpd still answers").isEqualTo("I am h002\n");

        // kill -9 -1 as root kills every process it may signal: on h001 that is h001's own, its ssh session included.
        apply("start-again", START_HTTPD.replace("hosts: all", "hosts: h001"), "--yes");
        assertThat(pageWithin(h1, "I am h001\n")).isEqualTo("I am h001\n");
        CliRun killAll = apply("kill-all", """
                - hosts: h001
                  tasks:
                    - shell: kill -9 -1
                """, "--yes");
        assertThat(killAll.exitCode()).as("the task's own session died with the rest: " + killAll.out()).isNotZero();
        assertThat(pageWithin(h1, null)).as("h001's httpd is gone").isNull();
        assertThat(page(h2)).as("h002's httpd still answers").isEqualTo("I am h002\n");
    }

    @Test
    @Order(3)
    void anEmulatedRebootEndsWhatTheHostStartedAndBringsBackSshd() throws Exception {
        FleetHost h2 = fleet.host("h002");
        assertThat(page(h2)).isEqualTo("I am h002\n");
        String bootBefore = fleet.bootId(h2);

        fleet.reboot(h2, Duration.ofMillis(500));

        assertThat(fleet.bootId(h2)).isNotEqualTo(bootBefore);
        assertThat(page(h2)).as("the reboot killed h002's httpd").isNull();
        CliRun r = apply("after-reboot", """
                - hosts: h002
                  tasks:
                    - shell: cat /proc/sys/kernel/random/boot_id; hostname -I
                      register: out
                    - copy: {dest: /root/after-reboot, content: "{{ out.stdout }}\\n"}
                """, "--yes");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(Files.readString(fleet.path(h2, "/root/after-reboot")))
                .isEqualTo(fleet.bootId(h2) + "\n" + h2.address() + " \n");
    }

    @Test
    @Order(4)
    void runLooksAsABootedDebianLeavesIt() throws Exception {
        FleetHost h1 = fleet.host("h001");
        CliRun r = apply("run-dirs", """
                - hosts: h001
                  tasks:
                    - shell: stat -c '%n %a %U' /run /run/lock /var/lock/ /run/sudo /run/user; test ! -e /run/nologin
                      register: out
                    - copy: {dest: /root/run-dirs, content: "{{ out.stdout }}\\n"}
                """, "--yes");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(Files.readString(fleet.path(h1, "/root/run-dirs"))).isEqualTo("""
                /run 755 root
                /run/lock 1777 root
                /var/lock/ 1777 root
                /run/sudo 711 root
                /run/user 755 root
                """);
    }
}
