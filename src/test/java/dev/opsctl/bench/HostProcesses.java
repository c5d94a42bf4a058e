package dev.opsctl.bench;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the processes one host starts for each step of the benchmark: the work opsctl asks of a host, which wall
 * times on a shared machine hide. A one-host fleet runs the bench playbook cold, again, and as a plan, each with
 * {@code strace -f -e trace=execve} following the host's sshd; a plain {@code ssh HOST true} gives the floor.
 *
 * <pre>bench/fleet-bench.sh --host-processes</pre>
 */
public final class HostProcesses {
    private static final Pattern EXEC = Pattern.compile("execve\\(\"([^\"]+)\"");

    private HostProcesses() {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("opsctl-host-processes-");
        try (Fleet fleet = Fleet.start(1)) {
            FleetHost host = fleet.hosts().get(0);
            Path inventory = work.resolve("inventory.yml");
            fleet.inventory(inventory);
            String opsctl = Path.of("bin/opsctl").toAbsolutePath().toString();
            List<String> common = List.of(BenchPlaybook.SITE.toString(), "-i", inventory.toString(), "--known-hosts", fleet.knownHosts().toString());
            List<Step> steps = List.of(
                    new Step("floor (ssh HOST true)", List.of("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                            "-o", "UserKnownHostsFile=" + fleet.knownHosts(), "-i", fleet.clientKey().toString(), "-p",
                            String.valueOf(host.port()), "root@127.0.0.1", "true")),
                    new Step("opsctl cold apply", concat(List.of(opsctl, "apply"), common)),
                    new Step("opsctl no-change apply", concat(List.of(opsctl, "apply"), common)),
                    new Step("opsctl no-change plan", concat(List.of(opsctl, "plan", "--detailed-exitcode"), common)));
            long sshd = sshdPid(host.port());
            System.out.printf("processes started on one host (strace -f -e trace=execve on its sshd), bench/site.yml%n%n");
            int floor = -1;
            for (Step step : steps) {
                Map<String, Integer> programs = count(sshd, step.command(), work.resolve("trace.txt"));
                int total = programs.values().stream().mapToInt(Integer::intValue).sum();
                if (floor < 0) floor = total;
                System.out.printf("%-26s %3d processes (%+d over the floor)%n", step.name(), total, total - floor);
                StringBuilder by = new StringBuilder();
                programs.forEach((program, n) -> by.append(' ').append(program).append('=').append(n));
                System.out.printf("    %s%n", by.toString().strip());
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Step(String name, List<String> command) {}

    /** The programs started under {@code sshd} while {@code command} ran, by path. */
    private static Map<String, Integer> count(long sshd, List<String> command, Path trace) throws IOException, InterruptedException {
        Files.deleteIfExists(trace);
        Process strace = new ProcessBuilder("strace", "-f", "-z", "-qq", "-e", "trace=execve", "-e", "signal=none",
                "-o", trace.toString(), "-p", String.valueOf(sshd)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(500);
        ProcessRun run = ProcessRun.run(command, Map.of(), Duration.ofMinutes(2));
        if (run.exitCode() != 0) throw new IOException(String.join(" ", command) + " failed:\n" + run.tail(20));
        Thread.sleep(500);
        strace.destroy();
        strace.waitFor();
        Map<String, Integer> programs = new TreeMap<>();
        for (String line : Files.readAllLines(trace)) {
            Matcher m = EXEC.matcher(line);
            if (m.find()) programs.merge(m.group(1), 1, Integer::sum);
        }
        return programs;
    }

    /** The pid of the sshd listening on {@code port} (the host's own; the fleet starts it in its namespaces). */
    private static long sshdPid(int port) throws IOException, InterruptedException {
        ProcessRun ss = ProcessRun.run(List.of("ss", "-ltnpH", "sport = :" + port), Map.of(), Duration.ofSeconds(10));
        Matcher m = Pattern.compile("pid=(\\d+)").matcher(ss.output());
        if (!m.find()) throw new IOException("no sshd listens on port " + port + ": " + ss.output());
        return Long.parseLong(m.group(1));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
