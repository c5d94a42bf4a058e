package dev.opsctl.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.opsctl.transport.LocalConnection;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFactsTest {

    // ---- fixtures: outputs of the snippet, as FactBatch hands them to parse() ----

    @Test
    void parsesDebianCapturedWithDash() throws IOException {
        Map<String, Object> f = HostFacts.ALL.parse(fixture("debian12-dash.txt"));

        assertThat(f).containsEntry("system", "Linux").containsEntry("kernel", "6.18.44-fc-v782")
                .containsEntry("kernel_version", "#1 SMP PREEMPT_DYNAMIC @0").containsEntry("machine", "x86_64")
                .containsEntry("architecture", "x86_64").containsEntry("hostname", "vm").containsEntry("nodename", "vm")
                .containsEntry("fqdn", "vm").containsEntry("domain", "");
        assertThat(f).containsEntry("distribution", "Debian").containsEntry("distribution_version", "12.11")
                .containsEntry("distribution_major_version", "12").containsEntry("distribution_release", "bookworm")
                .containsEntry("os_family", "Debian").containsEntry("pkg_mgr", "apt")
                .containsEntry("service_mgr", "process_api");
        assertThat(f).containsEntry("user_id", "root").containsEntry("user_uid", 0).containsEntry("user_gid", 0)
                .containsEntry("user_dir", "/root").containsEntry("user_shell", "/bin/bash");
        assertThat(f).containsEntry("processor_vcpus", 2).containsEntry("processor_count", 1)
                .containsEntry("processor_cores", 2).containsEntry("memtotal_mb", 24105)
                .containsEntry("uptime_seconds", 3328).containsEntry("opsctl_boot_time", 1795506941L)
                .containsEntry("opsctl_boot_id", "8b2a9320-3b57-4801-8ca0-fbc0ff0cd42a");
        assertThat(f.get("default_ipv4")).isEqualTo(Map.ofEntries(
                Map.entry("address", "192.0.2.2"), Map.entry("alias", "eth0"), Map.entry("broadcast", "192.0.2.255"),
                Map.entry("gateway", "192.0.2.1"), Map.entry("interface", "eth0"),
                Map.entry("macaddress", "02:fc:00:00:00:01"), Map.entry("mtu", 1400),
                Map.entry("netmask", "255.255.255.0"), Map.entry("network", "192.0.2.0"), Map.entry("prefix", "24"),
                Map.entry("type", "ether")));
        assertThat(f.get("all_ipv4_addresses")).isEqualTo(List.of("192.0.2.2"));

        @SuppressWarnings("unchecked")
        Map<String, String> dt = (Map<String, String>) f.get("date_time");
        assertThat(dt).containsEntry("date", "2026-11-24").containsEntry("time", "08:51:09")
                .containsEntry("epoch", "1795510269").containsEntry("iso8601", "2026-11-24T08:51:09Z")
                .containsEntry("iso8601_micro", "2026-11-24T08:51:09.946767Z")
                .containsEntry("iso8601_basic", "20261124T085109946767").containsEntry("weekday", "Tuesday")
                .containsEntry("weekday_number", "2").containsEntry("tz", "UTC").containsEntry("tz_offset", "+0000");

        @SuppressWarnings("unchecked")
        Map<String, String> env = (Map<String, String>) f.get("env");
        assertThat(env).containsEntry("HOME", "/root").containsEntry("MOTD", "line one\n@not-a-block\nit's=odd")
                .doesNotContainKey("UNSET_BUT_EXPORTED");
    }

    @Test
    void parsesAlpineWithBusyboxTools() throws IOException {
        Map<String, Object> f = HostFacts.ALL.parse(fixture("alpine319-busybox.txt"));

        // No /proc/sys/kernel/arch: one `uname -snrvm` line, whose version has spaces and commas.
        assertThat(f).containsEntry("kernel", "6.6.14-0-lts")
                .containsEntry("kernel_version", "#1-Alpine SMP PREEMPT_DYNAMIC Fri, 26 Jan 2024 11:08:07 +0000")
                .containsEntry("machine", "x86_64").containsEntry("nodename", "web-3.example.org")
                .containsEntry("hostname", "web-3").containsEntry("fqdn", "web-3.example.org")
                .containsEntry("domain", "example.org");
        assertThat(f).containsEntry("distribution", "Alpine").containsEntry("distribution_version", "3.19.1")
                .containsEntry("distribution_major_version", "3").containsEntry("distribution_release", "NA")
                .containsEntry("os_family", "Alpine").containsEntry("pkg_mgr", "apk")
                .containsEntry("service_mgr", "openrc");
        assertThat(f).containsEntry("user_id", "deploy").containsEntry("user_uid", 1000)
                .containsEntry("user_gecos", "Deploy User,,,").containsEntry("user_dir", "/home/deploy")
                .containsEntry("user_shell", "/bin/ash");
        // Hyper-threaded: 1 socket, 2 cores, 2 threads each.
        assertThat(f).containsEntry("processor_count", 1).containsEntry("processor_cores", 2)
                .containsEntry("processor_threads_per_core", 2).containsEntry("processor_vcpus", 4)
                .containsEntry("memtotal_mb", 1982).containsEntry("memfree_mb", 793)
                .containsEntry("swaptotal_mb", 1023).containsEntry("swapfree_mb", 921);
        assertThat(f.get("memory_mb")).isEqualTo(Map.of(
                "nocache", Map.of("free", 1476, "used", 506),
                "real", Map.of("free", 793, "total", 1982, "used", 1189),
                "swap", Map.of("cached", 0, "free", 921, "total", 1023, "used", 102)));
        assertThat(f.get("default_ipv4")).isEqualTo(Map.ofEntries(
                Map.entry("address", "10.0.3.17"), Map.entry("alias", "eth0"), Map.entry("broadcast", "10.0.255.255"),
                Map.entry("gateway", "10.0.0.1"), Map.entry("interface", "eth0"),
                Map.entry("macaddress", "52:54:00:12:34:56"), Map.entry("mtu", 9001),
                Map.entry("netmask", "255.255.0.0"), Map.entry("network", "10.0.0.0"), Map.entry("prefix", "16"),
                Map.entry("type", "ether")));
        assertThat(f.get("all_ipv4_addresses")).isEqualTo(List.of("10.0.3.17", "10.0.9.1", "172.17.0.1"));
        assertThat(f.get("interfaces")).isEqualTo(List.of("docker0", "eth0", "lo"));

        @SuppressWarnings("unchecked")
        Map<String, String> dt = (Map<String, String>) f.get("date_time");
        // busybox date prints %N back: no microseconds. Local time is CET, iso8601 is UTC.
        assertThat(dt).containsEntry("iso8601", "2024-03-05T13:07:09Z")
                .containsEntry("iso8601_micro", "2024-03-05T13:07:09.000000Z")
                .containsEntry("iso8601_basic_short", "20240305T140709").containsEntry("hour", "14")
                .containsEntry("tz", "CET").containsEntry("tz_offset", "+0100").containsEntry("weeknumber", "10");

        @SuppressWarnings("unchecked")
        Map<String, String> env = (Map<String, String>) f.get("env");
        assertThat(env).containsEntry("MULTI", "first\nsecond=2").containsEntry("QUOTED", "it's")
                .containsEntry("SHELL", "/bin/ash");
    }

    @Test
    void missingToolsGiveEmptyValuesNotFailures() throws IOException {
        // No hostname, date, ip, grep or getent; an LDAP user not in /etc/passwd; PID 1 unreadable; bash's quoting.
        Map<String, Object> f = HostFacts.ALL.parse(fixture("centos7-missing-tools.txt"));

        assertThat(f).containsEntry("hostname", "db1").containsEntry("fqdn", "db1").containsEntry("domain", "");
        assertThat(f).containsEntry("distribution", "CentOS").containsEntry("distribution_version", "7.9")
                .containsEntry("distribution_major_version", "7").containsEntry("distribution_release", "Core")
                .containsEntry("os_family", "RedHat").containsEntry("pkg_mgr", "yum")
                .containsEntry("service_mgr", "sysvinit");
        assertThat(f).containsEntry("user_id", "1001").containsEntry("user_uid", 1001).containsEntry("user_dir", "")
                .containsEntry("date_time", Map.of()).containsEntry("opsctl_boot_id", "")
                .containsEntry("all_ipv4_addresses", List.of());
        assertThat(f).doesNotContainKeys("opsctl_boot_time", "uptime_seconds", "processor_vcpus", "memtotal_mb");
        // The gateway and interface come from /proc/net/route even without `ip`; the address needs `ip`.
        assertThat(f.get("default_ipv4")).isEqualTo(Map.of("gateway", "192.168.1.254", "interface", "ens192",
                "macaddress", "00:50:56:aa:bb:cc", "mtu", 1500, "type", "ether"));

        @SuppressWarnings("unchecked")
        Map<String, String> env = (Map<String, String>) f.get("env");
        assertThat(env).containsEntry("CTRL", "bell\u0007 tab\t quote' nl\nend")
                .containsEntry("QUOTE", "say \"hi\" $HOME \\ done").containsEntry("HOME", "/home/svc");
    }

    @Test
    void architectureIsAnsiblesName() {
        String out = "system=Linux\nnodename=old\nkernel=4.19.0\nkernel_version=#1 SMP\nmachine=i686\nfqdn=old";
        assertThat(HostFacts.of("!all", "!min", "platform").parse(out))
                .containsEntry("machine", "i686").containsEntry("architecture", "i386");
    }

    // ---- gather_subset ----

    @Test
    void subsetSelectsWhatIsGathered() throws IOException {
        String all = fixture("debian12-dash.txt");
        Set<String> min = HostFacts.MIN.parse(all).keySet();

        assertThat(min).contains("hostname", "fqdn", "distribution", "os_family", "system", "kernel", "architecture",
                "user_id", "env", "date_time", "pkg_mgr", "service_mgr", "opsctl_boot_id", "opsctl_boot_time")
                .doesNotContain("memtotal_mb", "processor_vcpus", "uptime_seconds", "default_ipv4");
        assertThat(HostFacts.of("!all").parse(all).keySet()).isEqualTo(min);
        assertThat(HostFacts.of("virtual").parse(all).keySet()).isEqualTo(min);
        assertThat(HostFacts.of("!all,network").parse(all).keySet())
                .contains("default_ipv4", "all_ipv4_addresses").doesNotContain("memtotal_mb");
        // Ansible 2.14 gathers only min for a lone negation: '!hardware' is not 'all but hardware'.
        assertThat(HostFacts.of("!hardware").parse(all).keySet()).isEqualTo(min);
        assertThat(HostFacts.of("all", "!network").parse(all).keySet())
                .contains("memtotal_mb").doesNotContain("default_ipv4");
        assertThat(HostFacts.of("!all", "!min").parse(all)).isEmpty();
        // As in Ansible, a collector brings the ones it requires: pkg_mgr the distribution, hardware the platform.
        assertThat(HostFacts.of("!all,!min,pkg_mgr").parse(all).keySet())
                .contains("pkg_mgr", "distribution", "os_family").doesNotContain("system", "env", "user_id");
        assertThat(HostFacts.of("!all,!min,hardware").parse(all).keySet())
                .contains("memtotal_mb", "uptime_seconds", "hostname", "system").doesNotContain("distribution");
        assertThat(HostFacts.of("!all,!min,network").parse(all).keySet())
                .contains("default_ipv4", "hostname", "distribution").doesNotContain("env", "memtotal_mb");
        // Negating a subset we do not have (old playbooks say '!facter,!ohai') is ignored, as in Ansible.
        assertThat(HostFacts.of("all,!facter,!ohai").parse(all)).containsKey("memtotal_mb");
        assertThatThrownBy(() -> HostFacts.of("hardwares")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hardwares").hasMessageContaining("network");
    }

    @Test
    void scriptRunsOnlyWhatTheSubsetNeeds() {
        String min = HostFacts.MIN.script();
        assertThat(min).contains("hostname -f", "date ", "export -p").doesNotContain("ip -4", "cpuinfo", "meminfo");
        assertThat(HostFacts.of("!all", "!min", "network").script())
                .contains("ip -4 -o addr show").doesNotContain("date ", "export -p", "cpuinfo");
    }

    @Test
    void aWiderSubsetWinsTheBatch() {
        assertThat(HostFacts.ALL.covers(HostFacts.MIN)).isTrue();
        assertThat(HostFacts.MIN.covers(HostFacts.ALL)).isFalse();
        assertThat(HostFacts.of("all", "!hardware").covers(HostFacts.of("!all", "network"))).isTrue();
        assertThat(HostFacts.of("!all", "network").covers(HostFacts.of("!all", "hardware"))).isFalse();
    }

    @Test
    void variablesAreAnsiblePrefixedAndUnderAnsibleFacts() {
        Map<String, Object> facts = Map.of("hostname", "web1", "processor_vcpus", 4);
        Map<String, Object> vars = HostFacts.asVariables(facts);
        assertThat(vars).containsEntry("ansible_hostname", "web1").containsEntry("ansible_processor_vcpus", 4)
                .containsEntry("ansible_facts", facts).hasSize(3);
    }

    // ---- the real script on this machine ----

    @Test
    void gathersThisMachine() throws Exception {
        Facts store = new Facts();
        LocalConnection local = new LocalConnection("local");
        FactBatch.gather(local, List.of(HostFacts.MIN, HostFacts.ALL), store);
        Map<String, Object> f = store.get(HostFacts.ALL);
        assertThat(local.counter().execs()).isEqualTo(1);

        assertThat(f).containsEntry("system", "Linux").containsEntry("kernel", run("uname", "-r"))
                .containsEntry("kernel_version", run("uname", "-v")).containsEntry("machine", run("uname", "-m"))
                .containsEntry("nodename", run("uname", "-n"));
        Map<String, String> os = osRelease();
        assertThat(f.get("distribution").toString()).isEqualToIgnoringCase(os.get("ID"));
        assertThat(f.get("distribution_major_version")).isEqualTo(os.get("VERSION_ID").split("\\.")[0]);
        if (os.containsKey("VERSION_CODENAME")) {
            assertThat(f).containsEntry("distribution_release", os.get("VERSION_CODENAME"));
        }
        assertThat(f).containsEntry("user_id", System.getProperty("user.name"))
                .containsEntry("user_dir", System.getProperty("user.home"))
                .containsEntry("opsctl_boot_id", Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip());

        @SuppressWarnings("unchecked")
        Map<String, String> env = (Map<String, String>) f.get("env");
        assertThat(env).containsEntry("PATH", System.getenv("PATH")).containsEntry("HOME", System.getenv("HOME"));

        assertThat(f.get("memtotal_mb")).isEqualTo((int) (meminfoKb("MemTotal") / 1024));
        assertThat((int) f.get("processor_vcpus")).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
        long now = Instant.now().getEpochSecond();
        @SuppressWarnings("unchecked")
        Map<String, String> dt = (Map<String, String>) f.get("date_time");
        assertThat(Long.parseLong(dt.get("epoch"))).isBetween(now - 30, now + 1);
        long boot = (long) f.get("opsctl_boot_time");
        assertThat(boot + (int) f.get("uptime_seconds")).isBetween(now - 32, now + 2);

        List<String> addresses = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) addresses.add(a.getHostAddress());
            }
        }
        @SuppressWarnings("unchecked")
        List<String> all = (List<String>) f.get("all_ipv4_addresses");
        assertThat(all).containsExactlyInAnyOrderElementsOf(addresses);
        @SuppressWarnings("unchecked")
        Map<String, Object> route = (Map<String, Object>) f.get("default_ipv4");
        if (route.containsKey("address")) assertThat(addresses).contains((String) route.get("address"));
    }

    @Test
    void pythonFactsAreWhatTheHostsInterpreterSaysAsAnsibleReportsThem() throws Exception {
        Facts store = new Facts();
        FactBatch.gather(new LocalConnection("local"), List.of(HostFacts.MIN), store);
        Map<String, Object> f = store.get(HostFacts.MIN);
        assumeThat(Files.isExecutable(Path.of("/usr/bin/python3"))).isTrue();
        String[] v = run("/usr/bin/python3", "-c", "import platform; print(platform.python_version())").split("\\.");
        int minor = Integer.parseInt(v[1]);
        // Roles build paths such as /usr/lib/python3.{{ ansible_facts['python']['version']['minor'] }}/EXTERNALLY-MANAGED.
        assertThat(f).containsEntry("python_version", String.join(".", v));
        assertThat(f.get("python")).isEqualTo(Map.of(
                "executable", "/usr/bin/python3", "has_sslcontext", true, "type", "cpython",
                "version", Map.of("major", 3, "minor", minor, "micro", Integer.parseInt(v[2]), "releaselevel", "final", "serial", 0),
                "version_info", List.of(3, minor, Integer.parseInt(v[2]), "final", 0)));
        // A host without Python has no such facts (Ansible could not run there at all).
        assertThat(HostFacts.MIN.parse("system=Linux\n")).doesNotContainKeys("python", "python_version");
    }

    @Test
    void minSubsetLeavesHardwareAndNetworkOutOnThisMachine() throws Exception {
        Facts store = new Facts();
        FactBatch.gather(new LocalConnection("local"), List.of(HostFacts.MIN), store);
        assertThat(store.get(HostFacts.MIN)).containsKeys("hostname", "distribution", "env")
                .doesNotContainKeys("memtotal_mb", "default_ipv4");
    }

    @Test
    void sameFactsUnderDashAndBusybox(@TempDir Path dir) throws Exception {
        Map<String, Object> viaSh = stable(HostFacts.ALL.parse(shell(List.of("sh"), null)));
        assumeThat(onPath("dash")).isTrue();
        assertThat(stable(HostFacts.ALL.parse(shell(List.of("dash"), null)))).isEqualTo(viaSh);
        assumeThat(onPath("busybox")).isTrue();
        // busybox's own date, grep, ip, hostname, uname...: only busybox applets on PATH (no getent, no systemctl).
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path busybox = Path.of(run("sh", "-c", "command -v busybox"));
        for (String applet : List.of("date", "grep", "ip", "hostname", "uname", "readlink", "id")) {
            Path tool = bin.resolve(applet);
            Files.writeString(tool, "#!/bin/sh\nexec " + busybox + " " + applet + " \"$@\"\n");
            tool.toFile().setExecutable(true);
        }
        Map<String, Object> viaBusybox = HostFacts.ALL.parse(shell(List.of(busybox.toString(), "sh"), bin.toString()));
        assertThat(stable(viaBusybox)).isEqualTo(viaSh);
        @SuppressWarnings("unchecked")
        Map<String, String> dt = (Map<String, String>) viaBusybox.get("date_time");
        assertThat(dt.get("iso8601")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void noToolsAtAllStillParses(@TempDir Path dir) throws Exception {
        // An empty PATH leaves the shell's builtins only: facts that need a program come back empty.
        Map<String, Object> f = HostFacts.ALL.parse(shell(List.of("sh"), dir.toString()));
        assertThat(f).containsEntry("fqdn", f.get("nodename")).containsEntry("date_time", Map.of())
                .containsEntry("all_ipv4_addresses", List.of());
        assertThat(f.get("distribution")).isNotEqualTo("OtherLinux");
        assertThat(f.get("user_id")).isEqualTo(System.getProperty("user.name"));
    }

    // ---- helpers ----

    private static String fixture(String name) throws IOException {
        try (InputStream in = HostFactsTest.class.getResourceAsStream("hostfacts/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // FactBatch drops the final newline of each answer.
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        }
    }

    /** The facts that cannot change between two runs a second apart. */
    private static Map<String, Object> stable(Map<String, Object> facts) {
        Map<String, Object> m = new HashMap<>(facts);
        m.keySet().removeAll(Set.of("date_time", "uptime_seconds", "memfree_mb", "memory_mb", "swapfree_mb", "env",
                "opsctl_boot_time"));
        return m;
    }

    /** Runs the snippet as FactBatch wraps it, with {@code shell -c}; {@code path} replaces PATH when given. */
    private static String shell(List<String> shell, String path) throws Exception {
        List<String> cmd = new ArrayList<>(shell);
        cmd.add("-c");
        cmd.add("( " + HostFacts.ALL.script() + " ) 2>/dev/null");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (path != null) pb.environment().put("PATH", path);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }

    private static boolean onPath(String program) throws Exception {
        return !run("sh", "-c", "command -v " + program + " || true").isEmpty();
    }

    private static Map<String, String> osRelease() throws IOException {
        Map<String, String> os = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
            int eq = line.indexOf('=');
            if (eq > 0) os.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("^\"|\"$", ""));
        }
        return os;
    }

    private static long meminfoKb(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith(key + ":")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IllegalStateException(key + " not in /proc/meminfo");
    }
}
