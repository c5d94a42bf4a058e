package dev.opsctl.fleet;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A fleet of real OpenSSH hosts on this machine for integration tests, built as docs/test-fleet.md
 * describes (one sshd per host in its own mount and UTS namespace over a copy-on-write root).
 * Needs root, openssh-server and sudo; {@link #start(int)} fails with the reason when one is missing.
 */
public final class Fleet implements AutoCloseable {
    /** The sudo password of {@code opspass}, a user whose sudo asks for it (opsuser's does not). */
    public static final String OPSPASS_PASSWORD = "opspass-secret-pw";

    static final Path SCRIPT = Path.of(System.getProperty("opsctl.fleet.script", "src/test/fleet/fleet.sh")).toAbsolutePath();
    private static final InetAddress LOOPBACK = loopback();
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUESTED_REBOOT_DOWNTIME = Duration.ofSeconds(1);
    /** {@code -Dopsctl.fleet.isolated=true}: every fleet of this JVM gets isolated hosts (bench/roles-bench.sh sets it). */
    static final boolean ISOLATED_BY_DEFAULT = Boolean.getBoolean("opsctl.fleet.isolated");

    private final FleetBase base;
    private final boolean ownsBase;
    /** This fleet's own directory: its hosts' directories and its known_hosts. */
    private final Path work;
    private final List<FleetHost> hosts;
    /** Isolated hosts' places on the base's network, by host name; empty when the hosts share the machine's network. */
    private final Map<String, FleetNetwork.Link> links;
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService rebootWatch;
    /** Requested reboots run here, each host's on its own thread, so that several hosts can be down at once. */
    private final ExecutorService rebooting = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fleet-reboot");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> rebootsInProgress = ConcurrentHashMap.newKeySet();
    private final Set<String> staysDown = ConcurrentHashMap.newKeySet();
    private final List<Outage> outages = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private Fleet(FleetBase base, boolean ownsBase, Path work, List<FleetHost> hosts, Map<String, FleetNetwork.Link> links) {
        this.base = base;
        this.ownsBase = ownsBase;
        this.work = work;
        this.hosts = List.copyOf(hosts);
        this.links = links;
        this.rebootWatch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fleet-reboot-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts {@code count} hosts h001, h002, ... on a {@link FleetBase} of their own and waits until every sshd
     * answers. IT classes get theirs from {@link FleetExtension} instead, which builds the base once per JVM. The hosts
     * are isolated ({@link #start(int, boolean)}) when the system property {@code opsctl.fleet.isolated} is true.
     */
    public static Fleet start(int count) throws IOException {
        return start(count, ISOLATED_BY_DEFAULT);
    }

    /**
     * As {@link #start(int)}; {@code isolated} hosts each have their own network and PID namespace, an address of their
     * own (10.77.K.N, sshd on port 22) and their own 127.0.0.1 (docs/test-fleet.md, "Isolated hosts").
     */
    public static Fleet start(int count, boolean isolated) throws IOException {
        FleetBase base = FleetBase.create();
        try {
            return base.lease(count, isolated, true);
        } catch (IOException | RuntimeException e) {
            closeAfter(e, base);
            throw e;
        }
    }

    /** Starts {@code count} hosts in {@code work}, a new directory of {@code base}'s. */
    static Fleet start(FleetBase base, boolean ownsBase, Path work, int count, FleetNetwork network) throws IOException {
        List<FleetHost> hosts = new ArrayList<>();
        Map<String, FleetNetwork.Link> links = new ConcurrentHashMap<>();
        int firstPort = network == null ? freePortBase(count) : 22;
        for (int i = 0; i < count; i++) {
            String name = String.format("h%03d", i + 1);
            if (network == null) {
                hosts.add(new FleetHost(name, "127.0.0.1", firstPort + i, work.resolve(name)));
                continue;
            }
            try {
                FleetNetwork.Link link = network.attach();
                links.put(name, link);
                hosts.add(new FleetHost(name, link.address(), 22, work.resolve(name)));
            } catch (IOException | RuntimeException e) {
                for (FleetNetwork.Link made : links.values()) closeAfter(e, () -> network.detach(made));
                throw e;
            }
        }
        Fleet fleet = new Fleet(base, ownsBase, work, hosts, links);
        try {
            fleet.prepare();
            for (FleetHost h : hosts) fleet.launch(h);
            Instant deadline = Instant.now().plusSeconds(20 + count / 2);
            for (FleetHost h : hosts) fleet.awaitReady(h, deadline);
            fleet.rebootWatch.scheduleWithFixedDelay(fleet::serveRebootRequests, 250, 250, TimeUnit.MILLISECONDS);
            return fleet;
        } catch (IOException | RuntimeException e) {
            closeAfter(e, fleet);
            throw e;
        }
    }

    /** Closes what a failed start left running; a cleanup failure is attached to the start's failure. */
    static void closeAfter(Exception failure, AutoCloseable started) {
        try {
            started.close();
        } catch (Exception cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    public List<FleetHost> hosts() {
        return hosts;
    }

    public FleetHost host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no host " + name + " in this fleet"));
    }

    /** The private key (ed25519, no passphrase) authorised for root, opsuser and opspass on every host. */
    public Path clientKey() {
        return base.clientKey();
    }

    /** {@code [127.0.0.1]:PORT key} (or, for isolated hosts, {@code ADDRESS key}) lines for every host's key as it was at start. */
    public Path knownHosts() {
        return work.resolve("known_hosts");
    }

    /** Writes an Ansible YAML inventory of the fleet: every host reached as root with {@link #clientKey()}. */
    public void inventory(Path file) throws IOException {
        StringBuilder yaml = new StringBuilder("all:\n  hosts:\n");
        for (FleetHost h : hosts) {
            yaml.append("    ").append(h.name()).append(":\n")
                    .append("      ansible_host: ").append(h.address()).append('\n')
                    .append("      ansible_port: ").append(h.port()).append('\n')
                    .append("      ansible_user: root\n")
                    .append("      ansible_ssh_private_key_file: ").append(clientKey()).append('\n');
        }
        Files.writeString(file, yaml);
    }

    /**
     * Writes an Ansible YAML inventory of the fleet ({@link #inventory(Path)}) with groups: each group's name and its
     * member hosts, such as {@code web: [h001, h002]} and {@code daegu: [h001, h003]}.
     */
    public void inventory(Path file, Map<String, List<String>> groups) throws IOException {
        inventory(file);
        StringBuilder yaml = new StringBuilder("  children:\n");
        groups.forEach((group, members) -> {
            yaml.append("    ").append(group).append(":\n      hosts:\n");
            members.forEach(m -> yaml.append("        ").append(host(m).name()).append(": {}\n"));
        });
        Files.writeString(file, yaml, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Kills every process of the host (sshd and all its sessions), as if its power went off. */
    public void stop(FleetHost h) {
        synchronized (lock(h)) {
            killAll(h);
        }
    }

    /** Starts a stopped host again (same boot) and waits until its sshd answers; does nothing if it runs. */
    public void start(FleetHost h) throws IOException {
        staysDown.remove(h.name());
        synchronized (lock(h)) {
            Process p = running.get(h.name());
            if (p != null && p.isAlive()) return;
            killAll(h);
            launch(h);
            awaitReady(h, Instant.now().plusSeconds(20));
        }
    }

    /** Gives the host a new host key and restarts it; {@link #knownHosts()} keeps the old key. */
    public void rekey(FleetHost h) throws IOException {
        synchronized (lock(h)) {
            killAll(h);
            Files.deleteIfExists(h.hostKey());
            Files.deleteIfExists(Path.of(h.hostKey() + ".pub"));
            run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", h.name(), "-f", h.hostKey().toString());
            launch(h);
            awaitReady(h, Instant.now().plusSeconds(20));
        }
    }

    /**
     * Emulates a reboot: kills all of the host's processes, gives it a new boot id and boot time, starts it after
     * {@code downtime}. The outage is recorded (see {@link #outages()}); a host marked {@link #staysDownOnReboot}
     * does not come back.
     */
    public void reboot(FleetHost h, Duration downtime) throws IOException {
        synchronized (lock(h)) {
            killAll(h);
            Instant down = Instant.now();
            Files.deleteIfExists(rebootRequest(h));
            if (staysDown.contains(h.name())) {
                outages.add(new Outage(h.name(), down, null));
                return;
            }
            sleep(downtime);
            // The boot time is when the host comes back.
            newBoot(h);
            launch(h);
            awaitReady(h, Instant.now().plusSeconds(20));
            outages.add(new Outage(h.name(), down, Instant.now()));
        }
    }

    /** One emulated reboot: when the host went down, and when its sshd answered again (null: it never did). */
    public record Outage(String host, Instant down, Instant up) {}

    /** Every emulated reboot so far, in the order the hosts came back (or were left down). */
    public List<Outage> outages() {
        return List.copyOf(outages);
    }

    /** The most hosts that were down at the same moment, over the reboots that began at or after {@code since}. */
    public int mostDownAtOnce(Instant since) {
        List<Outage> recent = outages.stream().filter(o -> !o.down().isBefore(since)).toList();
        int most = 0;
        for (Outage o : recent) {
            // Whenever several hosts are down at once, all are down at the latest of their starts: checking each start suffices.
            int down = (int) recent.stream().filter(x -> !x.down().isAfter(o.down()) && (x.up() == null || x.up().isAfter(o.down()))).count();
            most = Math.max(most, down);
        }
        return most;
    }

    /** From now on, a reboot of {@code h} leaves it down (its power never comes back), until {@link #start(FleetHost)}. */
    public void staysDownOnReboot(FleetHost h) {
        staysDown.add(h.name());
    }

    /** The host's current boot id, as {@code /proc/sys/kernel/random/boot_id} shows it inside the host. */
    public String bootId(FleetHost h) throws IOException {
        return Files.readString(h.dir().resolve("bootid")).strip();
    }

    /**
     * A file as the running host sees it (through {@code /proc/PID/root} of its sshd). Refuses a path that
     * passes an absolute symlink: from here it would resolve on this machine, not in the host.
     */
    public Path path(FleetHost h, String absolutePath) throws IOException {
        Path base = Path.of("/proc", Long.toString(rootPid(h)), "root");
        Path cur = base;
        for (Path part : Path.of("/").relativize(Path.of(absolutePath))) {
            if (part.toString().isEmpty()) continue;
            cur = cur.resolve(part);
            if (Files.isSymbolicLink(cur) && Files.readSymbolicLink(cur).isAbsolute()) {
                throw new IllegalArgumentException(absolutePath + " on " + h.name() + " passes the absolute symlink " + base.relativize(cur)
                        + "; following it from outside the host would reach this machine's own files");
            }
        }
        return cur;
    }

    /** Stops every process the fleet started (by PID, via each host's root) and removes its directories. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        rebootWatch.shutdownNow();
        rebooting.shutdown();
        try {
            rebootWatch.awaitTermination(30, TimeUnit.SECONDS);
            rebooting.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> problems = new ArrayList<>();
        for (FleetHost h : hosts) {
            try {
                synchronized (lock(h)) {
                    killAll(h);
                }
                FleetNetwork.Link link = links.get(h.name());
                if (link != null) base.network().detach(link);
            } catch (IOException | RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        try {
            if (problems.isEmpty()) deleteTree(work);
        } catch (IOException | RuntimeException e) {
            problems.add("cannot remove " + work + ": " + e.getMessage());
        }
        base.released(this);
        if (ownsBase) {
            try {
                base.close();
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new IllegalStateException("fleet cleanup: " + String.join("; ", problems));
    }

    static void requirePrerequisites() {
        List<String> missing = new ArrayList<>();
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!Integer.valueOf(0).equals(uid)) missing.add("root (running as uid " + uid + "; mounts and namespaces need root)");
        } catch (IOException | UnsupportedOperationException e) {
            missing.add("Linux /proc (" + e.getMessage() + ")");
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/sshd"))) missing.add("/usr/sbin/sshd (apt-get install openssh-server)");
        if (!Files.isExecutable(Path.of("/usr/bin/sudo"))) missing.add("/usr/bin/sudo (apt-get install sudo)");
        for (String tool : List.of("setsid", "unshare", "chroot", "ssh-keygen")) {
            if (!onPath(tool)) missing.add(tool + " on PATH");
        }
        if (!Files.isReadable(SCRIPT)) missing.add(SCRIPT + " (run from the project directory or set -Dopsctl.fleet.script)");
        if (!missing.isEmpty()) throw new IllegalStateException("cannot start the test fleet; missing: " + String.join(", ", missing));
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    private void prepare() throws IOException {
        StringBuilder known = new StringBuilder();
        for (FleetHost h : hosts) {
            Files.createDirectories(h.dir());
            run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", h.name(), "-f", h.hostKey().toString());
            String[] pub = Files.readString(Path.of(h.hostKey() + ".pub")).strip().split(" ");
            // OpenSSH writes a host on port 22 by its address alone, any other port as [address]:port.
            known.append(h.port() == 22 ? h.address() : "[" + h.address() + "]:" + h.port())
                    .append(' ').append(pub[0]).append(' ').append(pub[1]).append('\n');
            newBoot(h);
        }
        Files.writeString(knownHosts(), known);
    }

    private Path commonLayer() {
        return base.commonLayer();
    }

    /** A fresh boot id, and a copy of /proc/stat whose btime says the host booted now. */
    private static void newBoot(FleetHost h) throws IOException {
        Files.writeString(h.dir().resolve("bootid"), UUID.randomUUID() + "\n");
        long now = Instant.now().getEpochSecond();
        String stat = Files.readAllLines(Path.of("/proc/stat")).stream()
                .map(line -> line.startsWith("btime ") ? "btime " + now : line)
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(h.dir().resolve("stat"), stat);
    }

    private void launch(FleetHost h) throws IOException {
        if (closed) throw new IllegalStateException("fleet is closed");
        Path log = h.dir().resolve("sshd.log");
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>(List.of("setsid"));
        FleetNetwork.Link link = links.get(h.name());
        if (link == null) {
            // setsid and unshare exec in place, and the script ends in exec: this PID becomes the host's sshd.
            command.addAll(List.of("unshare", "--mount", "--uts", "--propagation", "private"));
        } else {
            // nsenter execs in place; unshare forks the host's PID 1 (the script, then its sshd) and stays its parent:
            // when that PID 1 dies, the kernel kills every process of the host, as a power cut would.
            command.addAll(FleetNetwork.enter(link));
            command.addAll(List.of("unshare", "--mount", "--uts", "--pid", "--fork", "--kill-child", "--propagation", "private"));
        }
        command.addAll(List.of("sh", SCRIPT.toString(), "host", h.name(), link == null ? "127.0.0.1" : "0.0.0.0",
                Integer.toString(h.port()), h.dir().toString(), commonLayer().toString()));
        Process p = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        running.put(h.name(), p);
    }

    private void awaitReady(FleetHost h, Instant deadline) throws IOException {
        Path log = h.dir().resolve("sshd.log");
        String listening = "Server listening on " + (links.containsKey(h.name()) ? "0.0.0.0" : "127.0.0.1") + " port " + h.port();
        while (true) {
            Process p = running.get(h.name());
            if (p == null || !p.isAlive()) {
                throw new IOException(h.name() + ": sshd exited" + (p == null ? "" : " with code " + p.exitValue()) + ": " + tail(log));
            }
            // The log line proves that OUR sshd bound the port; the banner that it accepts connections.
            if (Files.readString(log).contains(listening) && answers(h.address(), h.port())) return;
            if (Instant.now().isAfter(deadline)) throw new IOException(h.name() + ": sshd did not answer on port " + h.port() + " in time: " + tail(log));
            sleep(Duration.ofMillis(30));
        }
    }

    private static boolean answers(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(address), port), 1000);
            s.setSoTimeout(2000);
            String banner = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return banner != null && banner.startsWith("SSH-");
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /**
     * The PID through which the running host's files are seen: its sshd, whose root is the host's root (for an isolated
     * host a child of the unshare process the harness started).
     */
    private long rootPid(FleetHost h) {
        Process p = running.get(h.name());
        if (p == null || !p.isAlive()) throw new IllegalStateException(h.name() + " is not running");
        String root = h.root().toString();
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(p.toHandle()), p.descendants())
                .filter(ph -> root.equals(rootOf(ph.pid()))).findFirst().map(ProcessHandle::pid)
                .orElseThrow(() -> new IllegalStateException(h.name() + " has no process in its root yet"));
    }

    /** Kills the host's sshd and every process whose root is the host's root or that runs in its session. */
    private void killAll(FleetHost h) {
        killAll(h.root().toString(), running.remove(h.name()));
    }

    static void killAll(String root, Process leader) {
        Instant deadline = Instant.now().plus(KILL_TIMEOUT);
        while (true) {
            List<ProcessHandle> procs = processesOf(root, leader);
            if (procs.isEmpty()) break;
            procs.forEach(ProcessHandle::destroyForcibly);
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(root + ": processes survived SIGKILL: " + procs.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(" ")));
            }
            sleep(Duration.ofMillis(20));
        }
        if (leader != null) {
            try {
                // Reaping the leader ends the namespace, and with it the host's mounts.
                leader.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<ProcessHandle> processesOf(String root, Process leader) {
        long session = leader == null ? -1 : leader.pid();
        return ProcessHandle.allProcesses()
                .filter(p -> (leader != null && p.pid() == leader.pid() && leader.isAlive())
                        || root.equals(rootOf(p.pid()))
                        || (session > 0 && liveSessionOf(p.pid()) == session))
                .collect(Collectors.toList());
    }

    private static String rootOf(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "root")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /** The session id from /proc/PID/stat, or -1 for a zombie or a process that is gone. */
    private static long liveSessionOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name (which may hold spaces and parentheses): state ppid pgrp session ...
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return f[0].equals("Z") ? -1 : Long.parseLong(f[3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Path rebootRequest(FleetHost h) {
        return h.upper().resolve("var/lib/fleet/reboot-requested");
    }

    /**
     * Turns a {@code reboot} run inside a host (the shim records it in the host's layer) into an emulated reboot,
     * each on a thread of its own: hosts asked at once go down together, as real ones would.
     */
    private void serveRebootRequests() {
        for (FleetHost h : hosts) {
            if (closed || Thread.currentThread().isInterrupted()) return;
            if (!Files.exists(rebootRequest(h)) || !rebootsInProgress.add(h.name())) continue;
            rebooting.submit(() -> {
                try {
                    if (!closed) reboot(h, REQUESTED_REBOOT_DOWNTIME);
                } catch (IOException | RuntimeException e) {
                    System.err.println("fleet: reboot of " + h.name() + " failed: " + e.getMessage());
                } finally {
                    rebootsInProgress.remove(h.name());
                }
            });
        }
    }

    private Object lock(FleetHost h) {
        return locks.computeIfAbsent(h.name(), n -> new Object());
    }

    private static int freePortBase(int count) {
        Random random = new Random();
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20000 + random.nextInt(30000);
            if (IntStream.range(base, base + count).allMatch(Fleet::isFree)) return base;
        }
        throw new IllegalStateException("no free range of " + count + " ports on 127.0.0.1");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command[0] + " did not finish in 30 s");
            }
            if (p.exitValue() != 0) throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Removes the fleet's directory; refuses while anything is still mounted below it. */
    static void deleteTree(Path dir) throws IOException {
        String prefix = dir.toString() + "/";
        boolean mounted = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(line -> line.split(" ")[4])
                .anyMatch(mountPoint -> mountPoint.startsWith(prefix));
        if (mounted) throw new IOException("something is still mounted below " + dir);
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
