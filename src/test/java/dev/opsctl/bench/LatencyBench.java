package dev.opsctl.bench;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fleet benchmark at a network's round-trip time (bench/fleet-bench.sh --rtt 0,20,50): one fleet, converged once
 * by opsctl, then at each RTT a {@link DelayProxy} in front of every host and, through the proxies, the floor (plain
 * {@code ssh HOST true}, as many at once as the forks), a no-change {@code opsctl plan} and a no-change Ansible run,
 * each repeated and the median kept. Each step also reports its round trips per connection, which do not depend on
 * the machine's load. Last, one host at 0 ms: one {@code opsctl plan} against one {@code ssh HOST true}.
 */
public final class LatencyBench {
    private static final Path OPSCTL = Path.of("bin/opsctl").toAbsolutePath();
    private static final Duration OPSCTL_TIMEOUT = Duration.ofMinutes(10);
    /**
     * A timed run never builds: bin/opsctl rebuilds a jar older than the sources, and a source saved during a bench (a
     * commit in the same checkout) once put a whole `mvn package` into one 20 ms run (291 s; docs/performance.md).
     */
    static final Map<String, String> TIMED_RUN = Map.of("OPSCTL_BUILD", "never");
    /** With LATENCY_BENCH_SHOW=1, opsctl's output is printed (for debugging with OPSCTL_JAVA_OPTS set to log levels). */
    private static final boolean SHOW_OUTPUT = "1".equals(System.getenv("LATENCY_BENCH_SHOW"));
    private static final Pattern KNOWN_HOST_PORT = Pattern.compile("^\\[127\\.0\\.0\\.1\\]:(\\d+) ");

    record Options(List<Integer> rttsMillis, int hosts, int forks, int repeat, boolean ansible) {
        static Options parse(String[] args) {
            List<Integer> rtts = List.of(0, 20, 50);
            int hosts = 20;
            Integer forks = null;
            int repeat = 3;
            boolean ansible = true;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--rtt" -> rtts = java.util.Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::valueOf).toList();
                    case "--hosts" -> hosts = Integer.parseInt(args[++i]);
                    case "--forks" -> forks = Integer.parseInt(args[++i]);
                    case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                    case "--no-ansible" -> ansible = false;
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; usage: --rtt MS[,MS...] [--hosts N] [--forks F] [--repeat R] [--no-ansible]");
                }
            }
            return new Options(rtts, hosts, forks == null ? hosts : forks, repeat, ansible && Ansible.installed());
        }
    }

    /** One step at one RTT: its timed runs and the round trips of every connection of every run. */
    record Step(String name, int rttMillis, List<Measurement> runs, List<DelayProxy.Conversation> connections,
                List<String> problems) {}

    private final Options options;
    private final Path work;
    private final Path playbook;

    private LatencyBench(Options options, Path work, Path playbook) {
        this.options = options;
        this.work = work;
        this.playbook = playbook;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Machine machine = Machine.read();
        Path work = Files.createTempDirectory("opsctl-latency-");
        List<Step> steps = new ArrayList<>();
        try (Fleet fleet = Fleet.start(options.hosts())) {
            LatencyBench bench = new LatencyBench(options, work, BenchPlaybook.choose(true, work));
            bench.run(fleet, steps);
        } finally {
            ProcessRun.run(List.of("rm", "-rf", work.toString()), Map.of(), Duration.ofMinutes(1));
        }
        LatencyReport.print(machine, Machine.read(), options, steps, System.out);
        System.exit(steps.stream().allMatch(s -> s.problems().isEmpty()) ? 0 : 1);
    }

    private void run(Fleet fleet, List<Step> steps) throws Exception {
        Path direct = work.resolve("inventory-direct.yml");
        fleet.inventory(direct);
        log("converging the fleet (opsctl apply, no proxy)");
        ProcessRun cold = ProcessRun.run(opsctl("apply", direct, fleet.knownHosts(), options.forks()), Map.of(), OPSCTL_TIMEOUT);
        if (!cold.ok()) throw new IllegalStateException("opsctl apply failed:\n" + cold.tail(40));
        for (int rtt : options.rttsMillis()) steps.addAll(atRtt(fleet, rtt, fleet.hosts(), options.forks(), options.ansible()));
        // One host, no delay: what one run costs over one plain ssh.
        steps.addAll(atRtt(fleet, 0, List.of(fleet.hosts().get(0)), 1, false));
    }

    /** The floor, opsctl's plan and Ansible through fresh proxies at {@code rtt}, each repeated, runs interleaved. */
    private List<Step> atRtt(Fleet fleet, int rtt, List<FleetHost> hosts, int forks, boolean withAnsible) throws Exception {
        String suffix = hosts.size() == 1 ? " (1 host)" : "";
        Map<FleetHost, DelayProxy> proxies = new LinkedHashMap<>();
        try {
            for (FleetHost h : hosts) {
                proxies.put(h, DelayProxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), h.port()), Duration.ofMillis(rtt)));
            }
            String tag = rtt + "ms-" + hosts.size();
            Path inventory = proxiedInventory(fleet, proxies, work.resolve("inventory-" + tag + ".yml"));
            Path knownHosts = proxiedKnownHosts(fleet, proxies, work.resolve("known_hosts-" + tag));
            List<SshFloor.Target> targets = proxies.entrySet().stream()
                    .map(e -> new SshFloor.Target(e.getKey().name(), e.getValue().port())).toList();
            Ansible ansible = withAnsible ? Ansible.configure(Files.createDirectories(work.resolve("ansible-" + tag)), forks, knownHosts) : null;

            Step floor = new Step("floor (ssh true)" + suffix, rtt, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            Step plan = new Step("opsctl no-change plan" + suffix, rtt, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            Step noChange = new Step("ansible no-change" + suffix, rtt, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int i = 1; i <= options.repeat(); i++) {
                log(rtt + " ms, " + hosts.size() + " hosts, run " + i + " of " + options.repeat());
                timed(floor, proxies, () -> SshFloor.sshTrueEverywhere(targets, knownHosts, fleet.clientKey(), forks));
                timed(plan, proxies, () -> {
                    ProcessRun run = ProcessRun.run(planCommand(inventory, knownHosts, forks), TIMED_RUN, OPSCTL_TIMEOUT);
                    if (SHOW_OUTPUT) System.err.println(run.output());
                    return runProblems(run);
                });
                if (ansible != null) timed(noChange, proxies, () -> ansibleProblems(ansible.playbook(playbook, inventory), hosts));
            }
            return ansible == null ? List.of(floor, plan) : List.of(floor, plan, noChange);
        } finally {
            proxies.values().forEach(DelayProxy::close);
        }
    }

    private static void timed(Step step, Map<FleetHost, DelayProxy> proxies, MachineClock.Step<List<String>> body) throws Exception {
        proxies.values().forEach(DelayProxy::resetCounts);
        var timed = MachineClock.measure(step.name(), body);
        step.runs().add(timed.measurement());
        step.problems().addAll(timed.result());
        // Only the first run's connections are kept: the counts are the same each time, and one set reads more easily.
        if (step.runs().size() == 1) proxies.values().forEach(p -> step.connections().addAll(p.conversations()));
    }

    private List<String> planCommand(Path inventory, Path knownHosts, int forks) {
        List<String> command = new ArrayList<>(opsctl("plan", inventory, knownHosts, forks));
        command.addAll(List.of("--detailed-exitcode", "--stats"));
        return command;
    }

    private List<String> opsctl(String command, Path inventory, Path knownHosts, int forks) {
        return List.of(OPSCTL.toString(), command, playbook.toString(), "-i", inventory.toString(),
                "--known-hosts", knownHosts.toString(), "-f", Integer.toString(forks));
    }

    private static List<String> runProblems(ProcessRun run) {
        return run.ok() ? List.of() : List.of("exit " + run.exitCode() + " (2 means changes pending):\n" + run.tail(30));
    }

    private static List<String> ansibleProblems(ProcessRun run, List<FleetHost> hosts) {
        List<String> problems = new ArrayList<>(runProblems(run));
        problems.addAll(PlayRecap.parse(run.output()).problemsForNoChange(hosts.stream().map(FleetHost::name).toList()));
        return problems;
    }

    /** The fleet's inventory with each host's port replaced by its proxy's, plus the interpreter Ansible should use. */
    private static Path proxiedInventory(Fleet fleet, Map<FleetHost, DelayProxy> proxies, Path file) throws IOException {
        StringBuilder yaml = new StringBuilder("all:\n  hosts:\n");
        proxies.forEach((h, proxy) -> yaml.append("    ").append(h.name()).append(":\n")
                .append("      ansible_host: 127.0.0.1\n")
                .append("      ansible_port: ").append(proxy.port()).append('\n')
                .append("      ansible_user: root\n")
                .append("      ansible_ssh_private_key_file: ").append(fleet.clientKey()).append('\n'));
        yaml.append("  vars:\n    ansible_python_interpreter: /usr/bin/python3\n");
        Files.writeString(file, yaml);
        return file;
    }

    /** The fleet's known_hosts with each host's entry under its proxy's port: the keys are checked as strictly. */
    private static Path proxiedKnownHosts(Fleet fleet, Map<FleetHost, DelayProxy> proxies, Path file) throws IOException {
        Map<Integer, Integer> portToProxy = new LinkedHashMap<>();
        proxies.forEach((h, p) -> portToProxy.put(h.port(), p.port()));
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(fleet.knownHosts())) {
            Matcher m = KNOWN_HOST_PORT.matcher(line);
            if (m.find() && portToProxy.containsKey(Integer.valueOf(m.group(1)))) {
                out.append("[127.0.0.1]:").append(portToProxy.get(Integer.valueOf(m.group(1)))).append(line.substring(m.end() - 1)).append('\n');
            }
        }
        Files.writeString(file, out);
        return file;
    }

    private static void log(String message) {
        System.err.println("latency-bench: " + message);
    }
}
