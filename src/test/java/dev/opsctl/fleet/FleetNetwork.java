package dev.opsctl.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

/**
 * The network of isolated fleet hosts (docs/test-fleet.md, "Isolated hosts"): one bridge on this machine with the
 * subnet 10.77.K.0/24 (K picked free, so that several test JVMs can each have one), and per host a network namespace
 * joined to the bridge by a veth pair, with its own loopback and the address 10.77.K.N. The hosts reach Debian's
 * mirror and the machine's resolver through a masquerade rule in an nftables table of our own, and IPv4 forwarding.
 * Everything is removed on {@link #close()}: the namespaces, the veths, the bridge, the table, and forwarding is set
 * back to what it was when the last fleet bridge on the machine goes. The machine's own rules are never touched.
 */
final class FleetNetwork implements AutoCloseable {
    static final String BRIDGE_PREFIX = "oflbr";
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");
    /** What ip_forward was before the first fleet bridge on this machine set it; removed by the last one. */
    private static final Path IP_FORWARD_BEFORE = Path.of("/run/opsctl-fleet-ip_forward-before");

    /** One host's place on the network: its namespace (under /run/netns), its address, the veth end on the bridge. */
    record Link(String netns, String address, String veth) {}

    private final int index;
    private final BitSet used = new BitSet(256);
    private final List<Link> links = new ArrayList<>();
    private boolean closed;

    private FleetNetwork(int index) {
        this.index = index;
    }

    /** Makes the bridge, its NAT rule and turns on forwarding; fails with the reason (a missing tool, no root). */
    static FleetNetwork create() throws IOException {
        for (String tool : List.of("ip", "nft", "nsenter")) {
            if (!Fleet.onPath(tool)) throw new IllegalStateException("cannot start isolated fleet hosts; missing: " + tool
                    + " on PATH (apt-get install iproute2 nftables util-linux)");
        }
        sweepAbandoned();
        Random random = new Random();
        int start = 1 + random.nextInt(250);
        for (int i = 0; i < 250; i++) {
            int k = 1 + (start + i) % 250;
            // Creating the bridge is the claim: two JVMs never get the same K, the kernel refuses the second name.
            if (!tryRun("ip", "link", "add", BRIDGE_PREFIX + k, "type", "bridge")) continue;
            FleetNetwork net = new FleetNetwork(k);
            try {
                net.setUp();
                return net;
            } catch (IOException | RuntimeException e) {
                Fleet.closeAfter(e, net);
                throw e;
            }
        }
        throw new IllegalStateException("no free fleet bridge " + BRIDGE_PREFIX + "1.." + BRIDGE_PREFIX + "250");
    }

    private void setUp() throws IOException {
        // The alias names the owning JVM, so that a later start can remove what a killed JVM left behind.
        Fleet.run("ip", "link", "set", bridge(), "alias", "opsctl-fleet pid " + ProcessHandle.current().pid());
        Fleet.run("ip", "addr", "add", prefix() + "1/24", "dev", bridge());
        Fleet.run("ip", "link", "set", bridge(), "up");
        Fleet.run("nft", "add table ip " + table() + " ; "
                + "add chain ip " + table() + " postrouting { type nat hook postrouting priority srcnat ; policy accept ; } ; "
                + "add rule ip " + table() + " postrouting ip saddr " + prefix() + "0/24 oifname != \"" + bridge() + "\" masquerade");
        enableForwarding();
    }

    /** A new namespace on the bridge with the next free address; its loopback is up and its default route is the bridge. */
    synchronized Link attach() throws IOException {
        if (closed) throw new IllegalStateException("fleet network is closed");
        int n = used.nextClearBit(2);
        if (n > 254) throw new IllegalStateException("more than 253 isolated hosts on " + bridge() + " at once");
        used.set(n);
        Link link = new Link("opsctl-fleet-" + index + "-" + n, prefix() + n, "oflv" + index + "-" + n);
        links.add(link);
        Fleet.run("ip", "netns", "add", link.netns());
        Fleet.run("ip", "link", "add", link.veth(), "type", "veth", "peer", "name", "eth0", "netns", link.netns());
        Fleet.run("ip", "link", "set", link.veth(), "master", bridge(), "up");
        Fleet.run("ip", "-n", link.netns(), "link", "set", "lo", "up");
        Fleet.run("ip", "-n", link.netns(), "addr", "add", link.address() + "/24", "dev", "eth0");
        Fleet.run("ip", "-n", link.netns(), "link", "set", "eth0", "up");
        Fleet.run("ip", "-n", link.netns(), "route", "add", "default", "via", prefix() + "1");
        return link;
    }

    /** Removes a host's namespace and veth (its processes must be gone: a namespace with processes lives on). */
    synchronized void detach(Link link) throws IOException {
        if (!links.remove(link)) return;
        List<String> problems = new ArrayList<>();
        if (!tryRun("ip", "link", "del", link.veth())) problems.add("veth " + link.veth());
        if (!tryRun("ip", "netns", "del", link.netns())) problems.add("netns " + link.netns());
        used.clear(Integer.parseInt(link.address().substring(prefix().length())));
        if (!problems.isEmpty()) throw new IOException("cannot remove " + String.join(", ", problems));
    }

    /** The command prefix that runs a program inside the link's network namespace. */
    static List<String> enter(Link link) {
        return List.of("nsenter", "--net=/run/netns/" + link.netns());
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        List<String> problems = new ArrayList<>();
        for (Link link : List.copyOf(links)) {
            try {
                detach(link);
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
        }
        removeBridge(index, problems);
        if (!problems.isEmpty()) throw new IllegalStateException("fleet network cleanup: " + String.join("; ", problems));
    }

    private String bridge() {
        return BRIDGE_PREFIX + index;
    }

    private String table() {
        return table(index);
    }

    private static String table(int k) {
        return "opsctl_fleet_" + k;
    }

    private String prefix() {
        return "10.77." + index + ".";
    }

    private static void removeBridge(int k, List<String> problems) {
        tryRun("nft", "delete table ip " + table(k)); // absent when set-up failed before it
        if (!tryRun("ip", "link", "del", BRIDGE_PREFIX + k)) problems.add("bridge " + BRIDGE_PREFIX + k);
        try {
            restoreForwardingIfLast();
        } catch (IOException e) {
            problems.add("ip_forward: " + e.getMessage());
        }
    }

    /** Forwarding on for the hosts' traffic to the mirror; what it was is kept for the last bridge to set it back. */
    private static synchronized void enableForwarding() throws IOException {
        String now = Files.readString(IP_FORWARD).strip();
        if (now.equals("1")) return;
        if (!Files.exists(IP_FORWARD_BEFORE)) Files.writeString(IP_FORWARD_BEFORE, now + "\n");
        Files.writeString(IP_FORWARD, "1\n");
    }

    private static synchronized void restoreForwardingIfLast() throws IOException {
        if (!Files.exists(IP_FORWARD_BEFORE) || !bridges().isEmpty()) return;
        Files.writeString(IP_FORWARD, Files.readString(IP_FORWARD_BEFORE));
        Files.delete(IP_FORWARD_BEFORE);
    }

    /** Indexes of the fleet bridges on this machine, any JVM's. */
    private static List<Integer> bridges() throws IOException {
        List<Integer> out = new ArrayList<>();
        try (var s = Files.list(Path.of("/sys/class/net"))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.matches(BRIDGE_PREFIX + "\\d+"))
                    .forEach(n -> out.add(Integer.parseInt(n.substring(BRIDGE_PREFIX.length()))));
        }
        return out;
    }

    /** Removes the bridges, namespaces, veths and tables of fleet networks whose JVM is gone (killed, not closed). */
    private static void sweepAbandoned() throws IOException {
        for (int k : bridges()) {
            String alias;
            try {
                alias = Files.readString(Path.of("/sys/class/net", BRIDGE_PREFIX + k, "ifalias")).strip();
            } catch (IOException gone) {
                continue;
            }
            if (!alias.startsWith("opsctl-fleet pid ")) continue; // being set up right now, or not ours
            long pid = Long.parseLong(alias.substring("opsctl-fleet pid ".length()));
            if (ProcessHandle.of(pid).isPresent()) continue;
            Path netns = Path.of("/run/netns");
            if (Files.isDirectory(netns)) {
                try (var s = Files.list(netns)) {
                    for (Path ns : s.filter(p -> p.getFileName().toString().startsWith("opsctl-fleet-" + k + "-")).toList()) {
                        tryRun("ip", "netns", "del", ns.getFileName().toString());
                    }
                }
            }
            try (var s = Files.list(Path.of("/sys/class/net"))) {
                for (String veth : s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("oflv" + k + "-")).toList()) {
                    tryRun("ip", "link", "del", veth);
                }
            }
            removeBridge(k, new ArrayList<>());
        }
    }

    private static boolean tryRun(String... command) {
        try {
            Fleet.run(command);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
