package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command in a {@code sh} block of the README, docs/*.md and examples/ci/README.md, run as written, in
 * document order, by {@code sh} in a directory laid out like the checkout (with the CI README's site.yml and
 * inventory.yml, and opsctl installed on PATH), against six sshd hosts named as in examples/inventory and reached
 * through {@code ~/.ssh/config}, as a user would set them up. A command added to the docs without an expectation
 * here fails this test: a doc command that no test runs is a doc that will rot.
 */
@FleetHosts(6)
class DocCommandsIT {
    private static final Path CHECKOUT = Path.of("").toAbsolutePath();
    private static final List<String> HOSTS = List.of("web1", "web2", "web3", "db1", "db2", "db3");
    private static final String TOUR_INV = "-i examples/inventory/hosts.yml";

    /** What a command must do: its exit code and a piece of what it prints; or why this test does not run it. */
    record Expect(int exit, String shows, String notRunBecause) {
        static Expect exits(int exit, String shows) {
            return new Expect(exit, shows, null);
        }

        static Expect notRun(String because) {
            return new Expect(-1, null, because);
        }
    }

    /** Every documented command, in the order the documents give them (README, docs/ by name, examples/ci). */
    private static final Map<String, Expect> EXPECTED = new LinkedHashMap<>();

    static {
        // README.md
        EXPECTED.put("bin/opsctl plan examples/quickstart/site.yml && bin/opsctl apply examples/quickstart/site.yml", Expect.exits(0, "RECAP"));
        EXPECTED.put("bin/test", Expect.notRun("it is this test suite; .ci/run runs it"));
        EXPECTED.put("bin/opsctl install", Expect.exits(0, "Installed opsctl-"));
        EXPECTED.put("bin/opsctl inventory graph " + TOUR_INV, Expect.exits(0, "  |--@daegu:\n  |  |--web2\n  |  |--db2\n"));
        EXPECTED.put("bin/opsctl inventory host db1 -i examples/inventory/hosts.ini", Expect.exits(0, "\"db_role\" : \"primary\""));
        EXPECTED.put("bin/opsctl validate examples/site.yml " + TOUR_INV, Expect.exits(0, "examples/site.yml: valid (3 plays, 5 tasks)"));
        EXPECTED.put("bin/opsctl plan examples/site.yml " + TOUR_INV, Expect.exits(0, "Plan: 21 to create, 0 to update, 0 to delete, 0 to run, on 6 hosts (0 unchanged)."));
        EXPECTED.put("bin/opsctl plan examples/site.yml " + TOUR_INV + " --diff --detailed-exitcode", Expect.exits(2, "+city = Daegu"));
        EXPECTED.put("bin/opsctl plan examples/site.yml " + TOUR_INV + " --format json", Expect.exits(0, "\"format_version\""));
        EXPECTED.put("bin/opsctl plan examples/site.yml " + TOUR_INV + " -o plan.json --format markdown > plan.md",
                Expect.exits(0, "Plan saved to plan.json"));
        EXPECTED.put("bin/opsctl show plan.json", Expect.exits(0, "Plan: 21 to create"));
        EXPECTED.put("bin/opsctl apply plan.json", Expect.exits(0, "changed="));
        EXPECTED.put("bin/opsctl plan examples/site.yml " + TOUR_INV + " --junit plan.xml", Expect.exits(0, "No changes."));
        EXPECTED.put("bin/opsctl apply examples/site.yml " + TOUR_INV + " -l web --stats", Expect.exits(0, "remote execs"));
        EXPECTED.put("bin/opsctl facts 'db:&busan' " + TOUR_INV, Expect.exits(0, "\"db3\""));
        EXPECTED.put("bin/opsctl apply examples/roles/site.yml " + TOUR_INV, Expect.exits(0, "RECAP"));
        EXPECTED.put("bin/opsctl reboot 'web:&daegu' " + TOUR_INV + " --batch 25% --if-booted-before -24h --yes", Expect.exits(0, "web2"));
        // docs/performance.md
        String bench = "a benchmark of two 20-host fleets, many minutes long: run by hand (docs/performance.md)";
        for (String b : List.of("bench/fleet-bench.sh", "bench/fleet-bench.sh --hosts 3", "bench/fleet-bench.sh --no-ansible",
                "bench/fleet-bench.sh --no-users", "bench/fleet-bench.sh --forks 10", "bench/fleet-bench.sh --host-processes")) {
            EXPECTED.put(b, Expect.notRun(bench));
        }
        // docs/plan-format.md
        EXPECTED.put("bin/opsctl plan examples/site.yml " + TOUR_INV + " -e release=42 -o plan.json", Expect.exits(0, "Plan saved to plan.json"));
        EXPECTED.put("bin/opsctl show plan.json --format markdown --diff", Expect.exits(0, "No changes."));
        EXPECTED.put("bin/opsctl apply plan.json -e release=42", Expect.exits(0, "No changes."));
        EXPECTED.put("bin/opsctl apply plan.json -e release=42 --replan", Expect.exits(0, "changed=0"));
        // docs/scale.md (branch shard), in the repository holding site.yml and inventory.yml, with opsctl installed
        EXPECTED.put("opsctl plan site.yml -i inventory.yml --shard 2/4", Expect.exits(0, "Shard 2/4: "));
        EXPECTED.put("for k in 1 2 3 4; do opsctl plan site.yml -i inventory.yml --shard $k/4 -o shard-$k.json || exit; done",
                Expect.exits(0, "Shard 4/4: "));
        EXPECTED.put("opsctl show --merge shard-*.json -o merged.json", Expect.exits(0, "Merged 4 shards: 6 hosts, the whole selection."));
        EXPECTED.put("for k in 1 2 3 4; do opsctl apply shard-$k.json || exit; done", Expect.exits(0, "Shard 4/4: "));
        EXPECTED.put("OPSCTL_SHARD_INDEX=1 OPSCTL_SHARD_COUNT=2 opsctl reboot web -i inventory.yml --shard auto --batch 1 --batch-per-shard --dry-run --yes",
                Expect.exits(0, "Shard 1/2: "));
        // examples/ci/README.md, in a repository holding site.yml and inventory.yml, with opsctl installed
        EXPECTED.put("mkdir -p out", Expect.exits(0, ""));
        EXPECTED.put("opsctl plan site.yml -i inventory.yml --detailed-exitcode -o out/plan.json --format markdown --junit out/plan-junit.xml > out/plan.md",
                Expect.exits(0, "Plan saved to out/plan.json"));
        EXPECTED.put("opsctl apply out/plan.json", Expect.exits(0, "No changes."));
    }

    /** One host per name in {@link #HOSTS}. */
    private static Fleet fleet;

    @TempDir
    Path work;

    /** The commands of every {@code sh} block, trailing comments removed. */
    static List<String> documentedCommands() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(CHECKOUT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(CHECKOUT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        files.add(CHECKOUT.resolve("examples/ci/README.md"));
        List<String> commands = new ArrayList<>();
        for (Path f : files) {
            boolean inSh = false;
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("```")) {
                    inSh = !inSh && line.strip().equals("```sh");
                    continue;
                }
                if (!inSh || line.isBlank() || line.startsWith("#")) continue;
                commands.add(line.replaceAll("\\s+#\\s.*$", "").strip());
            }
        }
        return commands;
    }

    @Test
    void everyDocumentedCommandHasAnExpectation() throws Exception {
        assertThat(documentedCommands()).containsExactlyElementsOf(EXPECTED.keySet());
    }

    @Test
    void everyDocumentedCommandRunsAsWritten() throws Exception {
        Path home = work.resolve("home");
        Path dir = work.resolve("repo");
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve("bin"), CHECKOUT.resolve("bin"));
        copyTree(CHECKOUT.resolve("examples"), dir.resolve("examples"));
        // examples/ci/README.md runs in the repository of a user's playbooks: site.yml and inventory.yml at the top.
        Files.copy(CHECKOUT.resolve("examples/site.yml"), dir.resolve("site.yml"));
        Files.copy(CHECKOUT.resolve("examples/inventory/hosts.yml"), dir.resolve("inventory.yml"));
        copyTree(CHECKOUT.resolve("examples/inventory/group_vars"), dir.resolve("group_vars"));

        // The hosts by name, as a user's ~/.ssh/config would give them.
        Files.createDirectories(home.resolve(".ssh"));
        StringBuilder sshConfig = new StringBuilder();
        for (int i = 0; i < HOSTS.size(); i++) {
            FleetHost h = fleet.hosts().get(i);
            sshConfig.append("Host ").append(HOSTS.get(i)).append("\n  HostName 127.0.0.1\n  Port ").append(h.port())
                    .append("\n  User root\n  IdentityFile ").append(fleet.clientKey()).append("\n");
        }
        Files.writeString(home.resolve(".ssh/config"), sshConfig);
        Files.copy(fleet.knownHosts(), home.resolve(".ssh/known_hosts"));
        Map<String, String> env = Map.of("HOME", home.toString(), "OPSCTL_JAVA_OPTS", "-Duser.home=" + home,
                "PATH", home.resolve(".local/bin") + ":" + System.getenv("PATH"));

        for (var e : EXPECTED.entrySet()) {
            if (e.getValue().notRunBecause() != null) continue;
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", e.getKey()).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(e.getKey() + "\n" + out).isEqualTo(e.getValue().exit());
            assertThat(out).as(e.getKey()).contains(e.getValue().shows());
        }

        // What the tour left on the hosts: each host told where it is, by the inventory's group_vars.
        for (int i = 0; i < HOSTS.size(); i++) {
            String city = List.of("Seoul", "Daegu", "Busan").get(i % 3);
            assertThat(Files.readString(fleet.path(fleet.hosts().get(i), "/etc/opsctl-example/site.conf")))
                    .isEqualTo("host = " + HOSTS.get(i) + "\ncity = " + city + "\nntp = time.example.com\n");
        }
        assertThat(Files.readString(fleet.path(fleet.hosts().get(3), "/etc/opsctl-example/db.conf"))).isEqualTo("port = 5432\nrole = primary\n");
        assertThat(Files.readString(fleet.path(fleet.hosts().get(4), "/etc/opsctl-example/db.conf"))).isEqualTo("port = 5432\nrole = replica\n");
        assertThat(Files.readString(dir.resolve("plan.md"))).contains("opsctl plan");
        assertThat(Files.readString(dir.resolve("out/plan-junit.xml"))).contains("<testsuites");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
