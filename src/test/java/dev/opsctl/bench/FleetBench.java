package dev.opsctl.bench;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fleet benchmark (bench/fleet-bench.sh): times opsctl on a fleet of real sshd hosts against the floor (one plain
 * ssh per host) and against ansible-playbook on a second, identical fleet, then checks that both tools left the same
 * state and that Ansible finds nothing to change on opsctl's fleet. Run from the project directory, as root.
 */
public final class FleetBench {
    private static final Path OPSCTL = Path.of("bin/opsctl").toAbsolutePath();
    private static final Duration OPSCTL_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern PLAN_EXECS = Pattern.compile("(\\d+) remote execs \\(([\\d.]+) per host\\)");
    private static final Pattern HOST_EXECS = Pattern.compile("; (\\d+) execs\\)");

    /** Command-line options; forks default to the host count, so every tool works on all hosts at once, as the floor does. */
    record Options(int hosts, int forks, boolean ansible, boolean users) {
        static Options parse(String[] args) {
            int hosts = 20;
            Integer forks = null;
            boolean ansible = true;
            boolean users = true;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--hosts" -> hosts = Integer.parseInt(args[++i]);
                    case "--forks" -> forks = Integer.parseInt(args[++i]);
                    case "--no-ansible" -> ansible = false;
                    case "--no-users" -> users = false;
                    default -> throw new IllegalArgumentException(
                            "unknown argument " + args[i] + "; usage: [--hosts N] [--forks F] [--no-ansible] [--no-users]");
                }
            }
            return new Options(hosts, forks == null ? hosts : forks, ansible && Ansible.installed(), users);
        }
    }

    /** A correctness check the benchmark makes; any failed one makes it exit 1 after the report. */
    record Check(String what, List<String> problems) {
        boolean passed() {
            return problems.isEmpty();
        }
    }

    /** What {@code opsctl plan --stats} said about remote execs: the total, and the most any of its slowest hosts needed. */
    record PlanExecs(int total, double perHost, int maxOfSlowest) {}

    /** Everything the report shows; the Ansible fields are null with --no-ansible. */
    record Results(Machine machine, Options options, String versions, Measurement floor, Measurement opsctlCold,
                   Measurement opsctlNoChange, Measurement opsctlPlan, PlanExecs planExecs,
                   Measurement ansibleCold, Measurement ansibleNoChange, List<Check> checks) {}

    private final Options options;
    private final List<Check> checks = new ArrayList<>();

    private FleetBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Machine machine = Machine.read();
        Results results = new FleetBench(options).run(machine);
        Report.print(results, System.out);
        System.exit(results.checks().stream().allMatch(Check::passed) ? 0 : 1);
    }

    private Results run(Machine machine) throws Exception {
        Path work = Files.createTempDirectory("opsctl-bench-");
        try {
            Path playbook = BenchPlaybook.choose(options.users(), work);
            log("starting " + (options.ansible() ? "two fleets" : "a fleet") + " of " + options.hosts() + " hosts");
            // try-with-resources closes both fleets on every path out; a null resource (no Ansible) is skipped.
            try (Fleet a = Fleet.start(options.hosts()); Fleet b = options.ansible() ? Fleet.start(options.hosts()) : null) {
                return measure(machine, playbook, work, a, b);
            }
        } finally {
            deleteTree(work);
        }
    }

    private Results measure(Machine machine, Path playbook, Path work, Fleet a, Fleet b) throws Exception {
        Path invA = inventory(a, work.resolve("inventory-a.yml"));
        List<String> hostNames = a.hosts().stream().map(FleetHost::name).toList();

        Measurement floor = floor(a);
        Measurement opsctlCold = opsctl("opsctl cold apply", "apply", playbook, invA, a, null);
        Measurement opsctlNoChange = opsctl("opsctl no-change apply", "apply", playbook, invA, a, hostNames);
        MachineClock.Timed<PlanExecs> opsctlPlan = opsctlPlan(playbook, invA, a);

        Measurement ansibleCold = null;
        Measurement ansibleNoChange = null;
        String versions = opsctlVersion();
        if (b != null) {
            Path invB = inventory(b, work.resolve("inventory-b.yml"));
            Ansible onB = Ansible.configure(Files.createDirectories(work.resolve("ansible-b")), options.forks(), b.knownHosts());
            versions += ", " + onB.version();
            ansibleCold = ansible("ansible cold", onB, playbook, invB, null);
            ansibleNoChange = ansible("ansible no-change", onB, playbook, invB, hostNames);
            compareEndStates(a, b);
            Ansible onA = Ansible.configure(Files.createDirectories(work.resolve("ansible-a")), options.forks(), a.knownHosts());
            ansible("ansible on opsctl's fleet", onA, playbook, invA, hostNames);
        }
        return new Results(machine, options, versions, floor, opsctlCold, opsctlNoChange, opsctlPlan.measurement(),
                opsctlPlan.result(), ansibleCold, ansibleNoChange, checks);
    }

    /** Fleet's inventory plus the interpreter Ansible should use (opsctl ignores the variable). */
    private static Path inventory(Fleet fleet, Path file) throws IOException {
        fleet.inventory(file);
        Files.writeString(file, Files.readString(file) + "  vars:\n    ansible_python_interpreter: /usr/bin/python3\n");
        return file;
    }

    /**
     * The floor: one plain OpenSSH connection running {@code true} on every host, as many at once as opsctl's forks
     * (as {@code xargs -P F ssh HOST true} would; with the default forks, every host at once).
     */
    private Measurement floor(Fleet fleet) throws Exception {
        log("floor: ssh true to every host, " + options.forks() + " at once");
        var timed = MachineClock.measure("floor (ssh true, parallel)", () -> sshTrueEverywhere(fleet, options.forks()));
        checks.add(new Check("floor: plain ssh reaches every host", timed.result()));
        return timed.measurement();
    }

    private static List<String> sshTrueEverywhere(Fleet fleet, int atOnce) throws IOException, InterruptedException {
        List<SshFloor.Target> targets = fleet.hosts().stream().map(h -> new SshFloor.Target(h.name(), h.port())).toList();
        return SshFloor.sshTrueEverywhere(targets, fleet.knownHosts(), fleet.clientKey(), atOnce);
    }

    /** Times one opsctl run; it must exit 0, and when {@code noChangeOn} is given, change nothing on those hosts. */
    private Measurement opsctl(String step, String command, Path playbook, Path inventory, Fleet fleet, List<String> noChangeOn)
            throws Exception {
        log(step);
        var timed = MachineClock.measure(step, () -> ProcessRun.run(opsctlCommand(command, playbook, inventory, fleet), LatencyBench.TIMED_RUN, OPSCTL_TIMEOUT));
        checks.add(new Check(step + " succeeds and " + (noChangeOn == null ? "converges" : "changes nothing"),
                runProblems(timed.result(), noChangeOn)));
        return timed.measurement();
    }

    /** The no-change plan with --stats: its remote execs per host (target 1) and its time; execs are null if not printed. */
    private MachineClock.Timed<PlanExecs> opsctlPlan(Path playbook, Path inventory, Fleet fleet) throws Exception {
        String step = "opsctl no-change plan";
        log(step + " --stats");
        List<String> command = new ArrayList<>(opsctlCommand("plan", playbook, inventory, fleet));
        command.addAll(List.of("--stats", "--detailed-exitcode"));
        var timed = MachineClock.measure(step, () -> ProcessRun.run(command, LatencyBench.TIMED_RUN, OPSCTL_TIMEOUT));
        ProcessRun run = timed.result();
        List<String> problems = new ArrayList<>();
        if (!run.ok()) problems.add("exit " + run.exitCode() + " (2 means changes pending):\n" + run.tail(30));
        PlanExecs parsed = planExecs(run.output());
        if (parsed == null) problems.add("no stats line in the output:\n" + run.tail(30));
        checks.add(new Check(step + " reports no changes and its stats", problems));
        return new MachineClock.Timed<>(timed.measurement(), parsed);
    }

    private List<String> opsctlCommand(String command, Path playbook, Path inventory, Fleet fleet) {
        return List.of(OPSCTL.toString(), command, playbook.toString(), "-i", inventory.toString(),
                "--known-hosts", fleet.knownHosts().toString(), "-f", Integer.toString(options.forks()));
    }

    private static PlanExecs planExecs(String output) {
        Matcher total = PLAN_EXECS.matcher(output);
        if (!total.find()) return null;
        Matcher host = HOST_EXECS.matcher(output);
        int max = 0;
        while (host.find()) max = Math.max(max, Integer.parseInt(host.group(1)));
        return new PlanExecs(Integer.parseInt(total.group(1)), Double.parseDouble(total.group(2)), max);
    }

    private Measurement ansible(String step, Ansible ansible, Path playbook, Path inventory, List<String> noChangeOn) throws Exception {
        log(step);
        var timed = MachineClock.measure(step, () -> ansible.playbook(playbook, inventory));
        checks.add(new Check(step + " succeeds and " + (noChangeOn == null ? "converges" : "changes nothing"),
                runProblems(timed.result(), noChangeOn)));
        return timed.measurement();
    }

    /** Why a run failed its check: a non-zero exit, or (for a no-change run) a host missing, changed or failed in the recap. */
    private static List<String> runProblems(ProcessRun run, List<String> noChangeOn) {
        List<String> problems = new ArrayList<>();
        if (!run.ok()) problems.add("exit " + run.exitCode() + ":\n" + run.tail(40));
        if (noChangeOn != null) {
            List<String> recap = PlayRecap.parse(run.output()).problemsForNoChange(noChangeOn);
            problems.addAll(recap);
            if (!recap.isEmpty() && run.ok()) problems.add("output:\n" + run.tail(60));
        }
        return problems;
    }

    /** Host by host (h001 with h001), everything the playbook manages must be the same on both fleets. */
    private void compareEndStates(Fleet opsctlFleet, Fleet ansibleFleet) throws IOException {
        log("comparing end states");
        List<String> diffs = new ArrayList<>();
        for (FleetHost h : opsctlFleet.hosts()) {
            EndState byOpsctl = EndState.read(opsctlFleet, h, options.users());
            EndState byAnsible = EndState.read(ansibleFleet, ansibleFleet.host(h.name()), options.users());
            diffs.addAll(byOpsctl.differencesFrom(byAnsible));
        }
        checks.add(new Check("end state: opsctl's fleet equals Ansible's (differences: opsctl's value vs Ansible's)", diffs));
    }

    private static String opsctlVersion() throws IOException, InterruptedException {
        return ProcessRun.run(List.of(OPSCTL.toString(), "--version"), Map.of(), OPSCTL_TIMEOUT).output().strip();
    }

    private static void log(String message) {
        System.err.println("fleet-bench: " + message);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
