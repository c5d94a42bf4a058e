package dev.opsctl.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The harness itself: hosts are separate, reboots renew the boot, and close leaves nothing behind. */
class FleetIT {
    @Test
    void hostsAreSeparateAndCloseLeavesNothingBehind() throws Exception {
        // The machine's own reboot and systemctl (links and files on systemd machines, absent in a minimal root).
        String machineReboot = machineState();
        Path work;
        List<Long> pids;
        try (Fleet fleet = Fleet.start(2)) {
            FleetHost h1 = fleet.host("h001");
            FleetHost h2 = fleet.host("h002");
            work = h1.dir().getParent();
            assertThat(Files.readString(fleet.path(h1, "/etc/hostname"))).isEqualTo("h001\n");
            assertThat(Files.readString(fleet.path(h2, "/etc/hostname"))).isEqualTo("h002\n");
            assertThat(fleet.bootId(h1)).isNotEqualTo(fleet.bootId(h2));
            assertThat(Files.readString(fleet.path(h1, "/proc/sys/kernel/random/boot_id")).strip()).isEqualTo(fleet.bootId(h1));

            // The reboot shim replaced the link inside the host's layer only.
            assertThat(Files.readString(fleet.path(h1, "/usr/sbin/reboot"))).contains("reboot-requested");
            assertThat(machineState()).isEqualTo(machineReboot);
            assertThatThrownBy(() -> fleet.path(h1, "/etc/localtime")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("absolute symlink");

            Files.writeString(fleet.path(h1, "/root/only-on-h001"), "x");
            assertThat(Files.exists(fleet.path(h2, "/root/only-on-h001"))).isFalse();
            assertThat(Files.exists(Path.of("/root/only-on-h001"))).isFalse();

            String bootBefore = fleet.bootId(h1);
            long btimeBefore = btime(Files.readString(fleet.path(h1, "/proc/stat")));
            fleet.reboot(h1, Duration.ofMillis(1100));
            assertThat(fleet.bootId(h1)).isNotEqualTo(bootBefore);
            assertThat(Files.readString(fleet.path(h1, "/proc/sys/kernel/random/boot_id")).strip()).isEqualTo(fleet.bootId(h1));
            assertThat(btime(Files.readString(fleet.path(h1, "/proc/stat")))).isGreaterThan(btimeBefore);
            assertThat(Files.readString(fleet.path(h1, "/root/only-on-h001"))).as("the layer survives a reboot").isEqualTo("x");

            pids = fleet.hosts().stream().map(h -> pidOf(fleet, h)).collect(Collectors.toList());
        }
        assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(Files.exists(work)).isFalse();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(work.toString());
        assertThat(machineState()).isEqualTo(machineReboot);
    }

    @Test
    void leasesOfOneBaseHaveTheirOwnHostsAndStopOnTheirOwn() throws Exception {
        Path baseDir;
        long survivorPid;
        try (FleetBase base = FleetBase.create()) {
            Fleet first = base.lease(1);
            Fleet second = base.lease(1);
            FleetHost a = first.host("h001");
            FleetHost b = second.host("h001");
            baseDir = a.dir().getParent().getParent();
            assertThat(a.port()).isNotEqualTo(b.port());
            assertThat(first.knownHosts()).isNotEqualTo(second.knownHosts());
            assertThat(first.clientKey()).isEqualTo(second.clientKey());
            // Same name, separate hosts: a file written on one is not on the other.
            Files.writeString(first.path(a, "/root/only-in-first"), "x");
            assertThat(Files.exists(second.path(b, "/root/only-in-first"))).isFalse();
            // Both start from the common layer: its users are on each.
            assertThat(Files.readString(second.path(b, "/etc/passwd"))).contains("opsuser:");

            long firstPid = pidOf(first, a);
            survivorPid = pidOf(second, b);
            first.close();
            assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(Files.exists(a.dir())).isFalse();
            assertThat(Files.readString(second.path(b, "/etc/hostname"))).as("the other lease still runs").isEqualTo("h001\n");
        }
        assertThat(ProcessHandle.of(survivorPid).map(ProcessHandle::isAlive).orElse(false)).as("closing the base stops what is still leased").isFalse();
        assertThat(Files.exists(baseDir)).isFalse();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(baseDir.toString());
    }

    @Test
    void isolatedHostsHaveTheirOwnNetworkAndProcessesAndCloseRemovesTheirNetwork() throws Exception {
        List<String> machineTables = notFleets(run("nft", "list", "tables"));
        String bridge;
        List<String> namespaces;
        String table;
        try (Fleet fleet = Fleet.start(2, true)) {
            FleetHost h1 = fleet.host("h001");
            FleetHost h2 = fleet.host("h002");
            assertThat(h1.address()).matches("10\\.77\\.\\d+\\.\\d+").isNotEqualTo(h2.address());
            assertThat(h1.port()).isEqualTo(22);
            assertThat(Files.readString(fleet.knownHosts())).startsWith(h1.address() + " ssh-ed25519 ");
            String k = h1.address().split("\\.")[2];
            bridge = FleetNetwork.BRIDGE_PREFIX + k;
            table = "opsctl_fleet_" + k;
            namespaces = List.of("opsctl-fleet-" + k + "-" + h1.address().split("\\.")[3], "opsctl-fleet-" + k + "-" + h2.address().split("\\.")[3]);
            assertThat(Files.isDirectory(Path.of("/sys/class/net", bridge))).isTrue();
            assertThat(run("ip", "netns", "list")).contains(namespaces.toArray(String[]::new));
            assertThat(run("nft", "list", "tables")).contains("table ip " + table);
            assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip()).isEqualTo("1");
            // The host's PID 1 is its sshd, and its /proc shows its own processes only.
            assertThat(Files.readString(fleet.path(h1, "/proc/1/comm"))).isEqualTo("sshd\n");
            try (var procs = Files.list(fleet.path(h1, "/proc"))) {
                assertThat(procs.filter(p -> p.getFileName().toString().matches("\\d+")).count()).isLessThan(5);
            }
            // /run as a booted Debian has it: /run/lock writable by all (1777).
            assertThat(Files.getPosixFilePermissions(fleet.path(h1, "/run/lock"))).hasSize(9);
            fleet.reboot(h1, Duration.ofMillis(200));
            assertThat(Files.readString(fleet.path(h1, "/proc/1/comm"))).as("sshd is PID 1 again after a reboot").isEqualTo("sshd\n");
        }
        assertThat(Files.exists(Path.of("/sys/class/net", bridge))).as("bridge removed").isFalse();
        assertThat(run("ip", "netns", "list")).doesNotContain(namespaces.toArray(String[]::new));
        assertThat(run("nft", "list", "tables")).doesNotContain("table ip " + table);
        assertThat(notFleets(run("nft", "list", "tables"))).as("the machine's own tables, untouched").isEqualTo(machineTables);
    }

    /** The nftables tables that are not a fleet's (other test JVMs may make and remove theirs meanwhile). */
    private static List<String> notFleets(String tables) {
        return tables.lines().filter(l -> !l.contains("opsctl_fleet_")).sorted().toList();
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    /** What /usr/sbin/reboot and /bin/systemctl are on this machine: a link and its target, a file and its size, or absent. */
    private static String machineState() throws java.io.IOException {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("/usr/sbin/reboot", "/bin/systemctl")) {
            Path p = Path.of(name);
            if (Files.isSymbolicLink(p)) out.append(name).append(" -> ").append(Files.readSymbolicLink(p));
            else if (Files.exists(p)) out.append(name).append(' ').append(Files.size(p)).append(" bytes");
            else out.append(name).append(" absent");
            out.append('\n');
        }
        return out.toString();
    }

    private static long pidOf(Fleet fleet, FleetHost h) {
        try {
            // path() goes through /proc/PID/root of the host's sshd.
            return Long.parseLong(fleet.path(h, "/").getParent().getFileName().toString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long btime(String procStat) {
        return procStat.lines().filter(l -> l.startsWith("btime ")).mapToLong(l -> Long.parseLong(l.substring(6).strip())).findFirst().orElseThrow();
    }
}
