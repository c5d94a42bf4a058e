package dev.opsctl.bench;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetLayer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs every {@code playbooks/NAME/site.yml} of a directory (roles beside them, found through the ansible.cfg next to
 * each playbook) with opsctl on one fresh fleet and with ansible-playbook on a twin fleet, then compares: opsctl's
 * validate, plan, apply and second plan, ansible-playbook's verdict on opsctl's hosts (changed=0 when converged), and
 * the files each tool left on its hosts. Prints one Markdown table row per playbook. See bench/roles-bench.sh.
 */
public final class RoleBench {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final Pattern CHANGED = Pattern.compile("changed=(\\d+)");
    private static final Pattern FAILED = Pattern.compile("failed=(\\d+)");

    private RoleBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int hosts = args.length > 2 && args[1].equals("--hosts") ? Integer.parseInt(args[2]) : 1;
        Path jar = Path.of("target/opsctl.jar").toAbsolutePath();
        List<Path> playbooks;
        try (Stream<Path> s = Files.list(dir.resolve("playbooks"))) {
            playbooks = s.map(p -> p.resolve("site.yml")).filter(Files::isRegularFile).sorted().toList();
        }
        System.out.println("| playbook | validate | plan | apply | second plan | ansible on opsctl's hosts | ansible's own run | end state |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Path pb : playbooks) {
            if (args.length > 3 && !List.of(args).subList(3, args.length).contains(pb.getParent().getFileName().toString())) continue;
            System.out.println(row(pb, jar, hosts));
            System.out.flush();
        }
    }

    private static String row(Path pb, Path jar, int hosts) throws Exception {
        Path cwd = pb.getParent();
        Path work = Files.createTempDirectory("opsctl-rolebench-");
        try (Fleet mine = Fleet.start(hosts); Fleet theirs = Fleet.start(hosts)) {
            Path invMine = work.resolve("mine.yml");
            Path invTheirs = work.resolve("theirs.yml");
            mine.inventory(invMine);
            theirs.inventory(invTheirs);
            // What each fleet's own set-up wrote (users, keys, shims) is not the run's doing: only paths a run changed compare.
            Map<String, Map<String, String>> before = new java.util.HashMap<>();
            for (FleetHost h : mine.hosts()) before.put("mine " + h.name(), FleetLayer.of(h));
            for (FleetHost h : theirs.hosts()) before.put("theirs " + h.name(), FleetLayer.of(h));
            List<String> opsctl = List.of("java", "-jar", jar.toString());
            List<String> onMine = List.of("-i", invMine.toString(), "--known-hosts=" + mine.knownHosts());
            Run validate = run(cwd, concat(opsctl, List.of("validate", "site.yml", "-i", invMine.toString())));
            Run plan = run(cwd, concat(opsctl, List.of("plan", "site.yml"), onMine));
            Run apply = run(cwd, concat(opsctl, List.of("apply", "site.yml"), onMine));
            Run replan = run(cwd, concat(opsctl, List.of("plan", "site.yml", "--detailed-exitcode"), onMine));
            Run ansibleOnMine = ansible(cwd, invMine, mine.knownHosts());
            Run ansibleOwn = ansible(cwd, invTheirs, theirs.knownHosts());
            List<String> diffs = new ArrayList<>();
            for (FleetHost h : mine.hosts()) {
                Map<String, String> a = FleetLayer.of(h);
                Map<String, String> b = FleetLayer.of(theirs.host(h.name()));
                Map<String, String> a0 = before.get("mine " + h.name());
                Map<String, String> b0 = before.get("theirs " + h.name());
                for (String path : new TreeSet<>(union(a.keySet(), b.keySet()))) {
                    boolean changedByARun = !java.util.Objects.equals(a.get(path), a0.get(path)) || !java.util.Objects.equals(b.get(path), b0.get(path));
                    if (changedByARun && !java.util.Objects.equals(a.get(path), b.get(path))
                            && !FleetNoise.sameApartFromNoise(mine, h, theirs, theirs.host(h.name()), path, a.get(path), b.get(path))) diffs.add(h.name() + ":/" + path);
                }
            }
            Files.writeString(work.resolve("log.txt"), String.join("\n---\n", validate.output, plan.output, apply.output, replan.output,
                    ansibleOnMine.output, ansibleOwn.output, String.join("\n", diffs)));
            return "| " + cwd.getFileName() + " | " + validate.code + " | " + plan.code + " | " + apply.code + " | " + replan.code
                    + " | " + recap(ansibleOnMine) + " | " + recap(ansibleOwn) + " | "
                    + (diffs.isEmpty() ? "same" : diffs.size() + " paths differ (" + String.join(", ", diffs.subList(0, Math.min(3, diffs.size()))) + ")")
                    + " |   <!-- log: " + work.resolve("log.txt") + " -->";
        }
    }

    private static String recap(Run r) {
        int changed = 0;
        int failed = 0;
        boolean recap = false;
        for (String line : r.output.lines().toList()) {
            if (line.startsWith("PLAY RECAP")) recap = true;
            if (!recap) continue;
            Matcher c = CHANGED.matcher(line);
            if (c.find()) changed += Integer.parseInt(c.group(1));
            Matcher f = FAILED.matcher(line);
            if (f.find()) failed += Integer.parseInt(f.group(1));
        }
        return "exit " + r.code + ", changed=" + changed + ", failed=" + failed;
    }

    private static Run ansible(Path cwd, Path inventory, Path knownHosts) throws Exception {
        return run(cwd, List.of("ansible-playbook", "-i", inventory.toString(), "site.yml",
                "--ssh-common-args=-o UserKnownHostsFile=" + knownHosts + " -o StrictHostKeyChecking=yes"));
    }

    private record Run(int code, String output) {}

    private static Run run(Path cwd, List<String> command) throws Exception {
        Path out = Files.createTempFile("opsctl-rolebench-out-", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectOutput(out.toFile());
            pb.environment().put("ANSIBLE_NOCOLOR", "1");
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessRun.stop(p);
                return new Run(-1, "timed out: " + String.join(" ", command));
            }
            return new Run(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) all.addAll(p);
        return all;
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
