package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * apt, package, service, cron, package_facts and service_facts over SSH against real sshd hosts, without network: the test
 * builds small .deb packages with dpkg-deb (one ships an /etc/init.d script that runs a sh daemon), serves them
 * to each host as a local {@code file:} apt repository (the host's only source), and checks packages, the running
 * daemon, boot links and crontabs on the hosts, and that every second run changes nothing.
 */
@FleetHosts(2)
class PackageServiceCronIT {
    private static final String REPO = "/srv/opsctl-repo";
    private static final String DEB_11 = "/root/opsctl-hello_1.1_all.deb";
    // What ansible-core's cron module writes for the "hello sweep" task below: h002 starts with it, and adopts it.
    private static final String ANSIBLE_CRON_FILE = "#Ansible: hello sweep\n@hourly root rm -f /var/tmp/hello-*\n";

    private static Fleet fleet;
    private static Path debs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void serveLocalRepository(@TempDir Path build) throws Exception {
        debs = build;
        Path repo = Files.createDirectories(build.resolve("repo"));
        buildDeb(build, repo, "opsctl-lib", "1.0", false);
        buildDeb(build, repo, "opsctl-hello", "1.0", true);
        buildDeb(build, repo, "opsctl-extra", "1.0", false);
        buildDeb(build, repo, "opsctl-extra", "1.1", false);
        buildDeb(build, build, "opsctl-hello", "1.1", true);
        run(repo, "sh", "-c", "dpkg-scanpackages --multiversion . /dev/null > Packages");
        for (FleetHost h : fleet.hosts()) {
            // The local repository is each host's only apt source: nothing goes to the network.
            Path target = Files.createDirectories(fleet.path(h, REPO));
            try (var files = Files.list(repo)) {
                for (Path f : files.toList()) Files.copy(f, target.resolve(f.getFileName()));
            }
            Files.copy(build.resolve("opsctl-hello_1.1_all.deb"), fleet.path(h, DEB_11));
            try (var sources = Files.list(fleet.path(h, "/etc/apt/sources.list.d"))) {
                for (Path s : sources.toList()) Files.delete(s);
            }
            Files.deleteIfExists(fleet.path(h, "/etc/apt/sources.list"));
            Files.writeString(fleet.path(h, "/etc/apt/sources.list.d/opsctl-test.list"), "deb [trusted=yes] file:" + REPO + " ./\n");
            // The package lists look two hours old, so cache_valid_time: 3600 refreshes them (and indexes the repository).
            Path lists = fleet.path(h, "/var/lib/apt/lists");
            Files.setLastModifiedTime(lists, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
            Files.deleteIfExists(fleet.path(h, "/var/lib/apt/periodic/update-success-stamp"));
        }
        Files.createDirectories(fleet.path(fleet.host("h002"), "/etc/cron.d"));
        Files.writeString(fleet.path(fleet.host("h002"), "/etc/cron.d/opsctl-hello"), ANSIBLE_CRON_FILE);
    }

    /**
     * A package of {@code name} and {@code version} in {@code into}; with {@code daemon}, a sh daemon and its init
     * script, and a dependency on opsctl-lib (which apt then installs as automatic, for autoremove to remove).
     */
    private static void buildDeb(Path build, Path into, String name, String version, boolean daemon) throws Exception {
        Path root = build.resolve(name + "-" + version);
        Files.createDirectories(root.resolve("DEBIAN"));
        Files.writeString(root.resolve("DEBIAN/control"), "Package: " + name + "\nVersion: " + version
                + "\nArchitecture: all\nMaintainer: opsctl tests <tests@opsctl.invalid>\nDescription: opsctl test package\n"
                + (daemon ? "Depends: opsctl-lib\n" : ""));
        Path doc = Files.createDirectories(root.resolve("usr/share/doc/" + name));
        Files.writeString(doc.resolve("VERSION"), version + "\n");
        if (daemon) {
            executable(root.resolve("usr/sbin/opsctl-hello"), """
                    #!/bin/sh
                    trap 'exit 0' TERM
                    while :; do sleep 1; done
                    """);
            executable(root.resolve("etc/init.d/opsctl-hello"), """
                    #!/bin/sh
                    ### BEGIN INIT INFO
                    # Provides:          opsctl-hello
                    # Required-Start:    $remote_fs
                    # Required-Stop:     $remote_fs
                    # Default-Start:     2 3 4 5
                    # Default-Stop:      0 1 6
                    # Short-Description: opsctl test daemon
                    ### END INIT INFO
                    PID=/run/opsctl-hello.pid
                    running() { [ -f $PID ] && kill -0 "$(cat $PID)" 2>/dev/null; }
                    case "$1" in
                      start) running || { setsid /usr/sbin/opsctl-hello </dev/null >/dev/null 2>&1 & echo $! > $PID; } ;;
                      stop) if running; then kill "$(cat $PID)"; fi; rm -f $PID ;;
                      restart|reload|force-reload) "$0" stop; "$0" start ;;
                      status) if running; then echo "opsctl-hello is running"; exit 0; else echo "opsctl-hello is not running"; exit 3; fi ;;
                      *) echo "Usage: $0 {start|stop|restart|status}"; exit 2 ;;
                    esac
                    """);
        }
        run(build, "dpkg-deb", "--root-owner-group", "--build", root.toString(), into.resolve(name + "_" + version + "_all.deb").toString());
    }

    private static void executable(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }

    private static final String INSTALL = """
            - hosts: all
              tasks:
                - name: hello packages
                  apt:
                    name: [opsctl-hello, opsctl-extra=1.0]
                    update_cache: yes
                    cache_valid_time: 3600
                - name: hello running
                  service: {name: opsctl-hello, state: started, enabled: yes}
                - name: nightly report
                  cron: {name: hello report, minute: "15", hour: "2", job: /usr/sbin/opsctl-hello --report}
                - name: weekly digest, same crontab named by its user
                  cron: {name: hello digest, special_time: weekly, job: /usr/sbin/opsctl-hello --digest, user: root}
                - name: mail to ops
                  cron: {name: MAILTO, env: yes, job: ops@example.com}
                - name: hourly sweep
                  cron: {name: hello sweep, special_time: hourly, job: "rm -f /var/tmp/hello-*", user: root, cron_file: opsctl-hello}
                - package_facts:
                - service_facts:
                - name: what the facts say
                  copy:
                    dest: /root/facts.txt
                    content: "{{ ansible_facts.packages['opsctl-extra'][0].version }} {{ ansible_facts.services['opsctl-hello'].state }}\\n"
            """;

    private static final String UPGRADE = """
            - hosts: all
              tasks:
                - name: everything upgraded
                  apt: {upgrade: dist}
                - name: newest extra
                  apt: {name: opsctl-extra, state: latest}
                - name: hello from a file
                  apt: {deb: %s}
            """.formatted(DEB_11);

    private static final String REMOVAL = """
            - hosts: all
              tasks:
                - name: hello stopped
                  service: {name: opsctl-hello, state: stopped, enabled: no}
                - name: hello removed
                  apt: {name: opsctl-hello, state: absent, purge: yes}
                - name: extra removed
                  package: {name: opsctl-extra, state: absent}
                - name: unneeded packages
                  apt: {autoremove: yes, purge: yes}
                - cron: {name: hello report, state: absent}
                - cron: {name: hello digest, state: absent, user: root}
                - cron: {name: MAILTO, env: yes, state: absent}
                - cron: {name: hello sweep, state: absent, cron_file: opsctl-hello}
            """;

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** dpkg's record of a package on the host: its status line and version, or null. */
    private static String dpkgStatus(FleetHost h, String name) throws IOException {
        List<String> lines = Files.readAllLines(fleet.path(h, "/var/lib/dpkg/status"));
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("Package: " + name)) continue;
            StringBuilder sb = new StringBuilder();
            for (int j = i + 1; j < lines.size() && !lines.get(j).isEmpty(); j++) {
                if (lines.get(j).startsWith("Status: ") || lines.get(j).startsWith("Version: ")) sb.append(lines.get(j)).append('\n');
            }
            return sb.toString();
        }
        return null;
    }

    private static boolean daemonRunning(FleetHost h) throws IOException {
        Path pid = fleet.path(h, "/run/opsctl-hello.pid");
        return Files.exists(pid) && Files.exists(Path.of("/proc", Files.readString(pid).strip()));
    }

    private static boolean startLink(FleetHost h) throws IOException {
        try (var links = Files.list(fleet.path(h, "/etc/rc2.d"))) {
            return links.anyMatch(l -> l.getFileName().toString().matches("S\\d\\dopsctl-hello"));
        }
    }

    @Test
    void installsStartsSchedulesUpgradesAndRemovesEachRerunWithoutChanges() throws Exception {
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        Path install = write("install.yml", INSTALL);

        CliRun plan = CliRun.onFleet(fleet, "plan", install, inv, "-l", "h001");
        assertThat(plan.out()).as(plan.out() + plan.err())
                .contains("~ hello packages: packages opsctl-hello, opsctl-extra\n")
                .contains("refresh package lists (apt-get update; last refreshed", "older than cache_valid_time 3600s)")
                .contains("install opsctl-hello", "install opsctl-extra 1.0")
                .contains("~ hello running: service opsctl-hello", "enabled no -> yes", "stopped -> started")
                .contains("+ nightly report: cron job hello report", "+ 15 2 * * * /usr/sbin/opsctl-hello --report");

        // Through a saved plan: the hosts' clocks move on in between, which must not make it stale.
        Path saved = tmp.resolve("install.plan");
        CliRun saving = CliRun.onFleet(fleet, "plan", install, inv, "-o", saved.toString());
        assertThat(saving.exitCode()).as(saving.out() + saving.err()).isZero();
        Thread.sleep(1100);
        CliRun apply = CliRun.of("apply", saved.toString(), "--known-hosts=" + fleet.knownHosts());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        for (FleetHost h : fleet.hosts()) {
            assertThat(dpkgStatus(h, "opsctl-hello")).isEqualTo("Status: install ok installed\nVersion: 1.0\n");
            assertThat(dpkgStatus(h, "opsctl-lib")).isEqualTo("Status: install ok installed\nVersion: 1.0\n");
            assertThat(dpkgStatus(h, "opsctl-extra")).isEqualTo("Status: install ok installed\nVersion: 1.0\n");
            assertThat(daemonRunning(h)).as("daemon runs on " + h.name()).isTrue();
            assertThat(startLink(h)).as("S link in /etc/rc2.d on " + h.name()).isTrue();
            assertThat(Files.readString(fleet.path(h, "/var/spool/cron/crontabs/root")))
                    .endsWith("MAILTO=\"ops@example.com\"\n#Ansible: hello report\n15 2 * * * /usr/sbin/opsctl-hello --report\n"
                            + "#Ansible: hello digest\n@weekly /usr/sbin/opsctl-hello --digest\n");
            Path cronFile = fleet.path(h, "/etc/cron.d/opsctl-hello");
            assertThat(Files.readString(cronFile)).isEqualTo(ANSIBLE_CRON_FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cronFile))).isEqualTo("rw-r--r--");
            assertThat(Files.readString(fleet.path(h, "/root/facts.txt"))).isEqualTo("1.0 running\n");
        }
        assertThat(apply.out()).containsPattern("h001\\s+: ok=9\\s+changed=7").containsPattern("h002\\s+: ok=9\\s+changed=6");

        CliRun again = CliRun.onFleet(fleet, "apply", install, inv);
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        for (FleetHost h : fleet.hosts()) assertThat(again.out()).containsPattern(h.name() + "\\s+: ok=9\\s+changed=0");

        Path upgrade = write("upgrade.yml", UPGRADE);
        CliRun upgradePlan = CliRun.onFleet(fleet, "plan", upgrade, inv, "-l", "h001");
        assertThat(upgradePlan.out()).as(upgradePlan.out() + upgradePlan.err())
                .contains("~ everything upgraded: all packages\n      upgrade opsctl-extra 1.0 -> 1.1\n",
                        "upgrade opsctl-hello 1.0 -> 1.1 from " + DEB_11)
                .as("latest sees the version the upgrade before it installs").doesNotContain("newest extra");
        CliRun upgraded = CliRun.onFleet(fleet, "apply", upgrade, inv);
        assertThat(upgraded.exitCode()).as(upgraded.out() + upgraded.err()).isZero();
        for (FleetHost h : fleet.hosts()) {
            assertThat(dpkgStatus(h, "opsctl-extra")).contains("Version: 1.1");
            assertThat(dpkgStatus(h, "opsctl-hello")).contains("Version: 1.1");
        }
        CliRun upgradedAgain = CliRun.onFleet(fleet, "plan", upgrade, inv, "--detailed-exitcode");
        assertThat(upgradedAgain.exitCode()).as(upgradedAgain.out() + upgradedAgain.err()).isZero();
        assertThat(upgradedAgain.out()).contains("No changes.");

        Path removal = write("removal.yml", REMOVAL);
        CliRun removed = CliRun.onFleet(fleet, "apply", removal, inv);
        assertThat(removed.exitCode()).as(removed.out() + removed.err()).isZero();
        assertThat(removed.out()).contains("- hello removed: package opsctl-hello", "purge opsctl-hello 1.1",
                "- extra removed: package opsctl-extra", "remove opsctl-extra 1.1",
                // Each package change runs in its own exec and the package facts are read again after it, so at apply
                // autoremove is planned against the real database: what it removes is known, not "known after apply".
                "- unneeded packages: unneeded packages", "purge opsctl-lib 1.0");
        for (FleetHost h : fleet.hosts()) {
            assertThat(dpkgStatus(h, "opsctl-hello")).isNull();
            assertThat(dpkgStatus(h, "opsctl-lib")).as("the dependency nothing needs any more").isNull();
            assertThat(dpkgStatus(h, "opsctl-extra")).satisfiesAnyOf(s -> assertThat(s).isNull(), s -> assertThat(s).doesNotContain("ok installed"));
            assertThat(fleet.path(h, "/etc/init.d/opsctl-hello")).doesNotExist();
            assertThat(daemonRunning(h)).isFalse();
            assertThat(Files.readString(fleet.path(h, "/var/spool/cron/crontabs/root"))).doesNotContain("hello report", "hello digest", "MAILTO");
            assertThat(fleet.path(h, "/etc/cron.d/opsctl-hello")).doesNotExist();
        }
        CliRun gone = CliRun.onFleet(fleet, "plan", removal, inv, "--detailed-exitcode");
        assertThat(gone.exitCode()).as(gone.out() + gone.err()).isZero();
        assertThat(gone.out()).contains("No changes.");
    }
}
