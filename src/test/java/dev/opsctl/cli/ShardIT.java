package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.shard.Shard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sharded run as four runners would do it: four opsctl processes (the packaged jar) plan and apply {@code --shard 1/4}
 * .. {@code 4/4} against one fleet of eight sshd hosts. Every host is planned and applied exactly once, by the runner
 * whose shard it is; {@code show --merge} of the four shard plans is the unsharded plan.
 */
@FleetHosts(8)
class ShardIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    /** The second task appends the runner's number: a host applied twice, or by the wrong runner, shows in its file. */
    private static final String PLAYBOOK = """
            - hosts: all
              serial: 2
              tasks:
                - name: app conf
                  copy:
                    content: "name={{ inventory_hostname }}\\n"
                    dest: /srv/opsctl-shard/app.conf
                    mode: "0644"
                - name: record the runner
                  shell: echo "runner {{ runner }}" >> /srv/opsctl-shard/applied-by
                  args:
                    creates: /srv/opsctl-shard/applied-by
            """;

    @Test
    void fourRunnersPlanAndApplyEachHostExactlyOnceAndTheMergedPlanIsTheWholePlan() throws Exception {
        for (FleetHost h : fleet.hosts()) Files.createDirectories(fleet.path(h, "/srv/opsctl-shard"));
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, PLAYBOOK);
        Path kh = tmp.resolve("known_hosts");
        Files.copy(fleet.knownHosts(), kh);

        CliRun whole = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "-e", "runner=0",
                "-o", tmp.resolve("whole.json").toString());
        assertThat(whole.exitCode()).as(whole.out() + whole.err()).isZero();
        String summary = "Plan: 8 to create, 0 to update, 0 to delete, 8 to run, on 8 hosts (0 unchanged).";
        assertThat(whole.out()).contains(summary);

        // Each runner works in the checkout (tmp) with relative paths, as the recipes do.
        List<JarRun> plans = inParallel(k -> List.of("plan", "site.yml", "-i", "inventory.yml", "--known-hosts", "known_hosts",
                "--shard", k + "/4", "-e", "runner=" + k, "-o", "shard-" + k + ".json"));
        int planned = 0;
        for (int k = 1; k <= 4; k++) {
            JarRun r = plans.get(k - 1);
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            Matcher m = Pattern.compile("(?m)^Shard " + k + "/4: (\\d+) of 8 selected hosts").matcher(r.out());
            assertThat(m.find()).as(r.out()).isTrue();
            assertThat(r.out()).as("the shard line comes first").startsWith("Shard " + k + "/4: ")
                    .contains("serial batches and max_fail_percentage count within this shard");
            int n = Integer.parseInt(m.group(1));
            planned += n;
            for (FleetHost h : fleet.hosts()) {
                boolean mine = Shard.owner(h.name(), 4) == k;
                assertThat(r.out().contains(h.name() + ":")).as(h.name() + " in shard " + k).isEqualTo(mine);
            }
        }
        assertThat(planned).as("every host planned exactly once").isEqualTo(8);

        List<String> shardFiles = new ArrayList<>();
        for (int k = 1; k <= 4; k++) shardFiles.add(tmp.resolve("shard-" + k + ".json").toString());
        Path merged = tmp.resolve("merged.json");
        List<String> mergeArgs = new ArrayList<>(List.of("show", "--merge"));
        mergeArgs.addAll(shardFiles);
        mergeArgs.addAll(List.of("-o", merged.toString()));
        CliRun show = CliRun.of(mergeArgs.toArray(String[]::new));
        assertThat(show.exitCode()).as(show.out() + show.err()).isZero();
        assertThat(show.out()).startsWith("Merged 4 shards: 8 hosts, the whole selection.").contains(summary);
        ObjectMapper json = new ObjectMapper();
        assertThat(changes(json.readTree(merged.toFile()))).isEqualTo(changes(json.readTree(tmp.resolve("whole.json").toFile())));

        // Three of four shards are not the fleet: refused, and nothing written.
        Path partial = tmp.resolve("partial.json");
        CliRun refused = CliRun.of("show", "--merge", shardFiles.get(0), shardFiles.get(1), shardFiles.get(3), "-o", partial.toString());
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("error: cannot merge: missing shard 3/4");
        assertThat(partial).doesNotExist();

        List<JarRun> applies = inParallel(k -> List.of("apply", "shard-" + k + ".json", "--known-hosts", "known_hosts",
                "-e", "runner=" + k));
        for (int k = 1; k <= 4; k++) {
            JarRun r = applies.get(k - 1);
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("Shard " + k + "/4: ");
        }
        for (FleetHost h : fleet.hosts()) {
            assertThat(Files.readString(fleet.path(h, "/srv/opsctl-shard/app.conf"))).isEqualTo("name=" + h.name() + "\n");
            assertThat(Files.readString(fleet.path(h, "/srv/opsctl-shard/applied-by")))
                    .as("applied once, by its own shard's runner").isEqualTo("runner " + Shard.owner(h.name(), 4) + "\n");
        }

        CliRun after = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "-e", "runner=0");
        assertThat(after.out()).as(after.out() + after.err()).contains("No changes.");
    }

    /** Starts four opsctl processes at once, one per shard, and waits for all of them. */
    private List<JarRun> inParallel(java.util.function.IntFunction<List<String>> argsOf) throws Exception {
        List<Process> started = new ArrayList<>();
        List<CompletableFuture<String>> outs = new ArrayList<>();
        List<CompletableFuture<String>> errs = new ArrayList<>();
        for (int k = 1; k <= 4; k++) {
            Process p = JarRun.start(tmp, Map.of(), argsOf.apply(k).toArray(String[]::new));
            started.add(p);
            outs.add(CompletableFuture.supplyAsync(() -> JarRun.read(p.getInputStream())));
            errs.add(CompletableFuture.supplyAsync(() -> JarRun.read(p.getErrorStream())));
        }
        List<JarRun> runs = new ArrayList<>();
        for (int i = 0; i < started.size(); i++) {
            Process p = started.get(i);
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                started.forEach(Process::destroyForcibly);
                throw new AssertionError("opsctl shard " + (i + 1) + " did not end in 300 s");
            }
            runs.add(new JarRun(p.exitValue(), outs.get(i).get(), errs.get(i).get()));
        }
        return runs;
    }

    /** Per host, "action task summary" of each task that changes something: what a plan would do. */
    private static Map<String, List<String>> changes(JsonNode saved) {
        Map<String, List<String>> out = new TreeMap<>();
        for (JsonNode h : saved.get("hosts")) {
            List<String> tasks = new ArrayList<>();
            for (JsonNode t : h.get("tasks")) {
                if (!t.path("action").asText().equals("no-op") && !t.path("action").isMissingNode()) {
                    // The runner's number differs by design between the runs; everything else must not.
                    tasks.add(t.get("action").asText() + " " + t.path("task").asText() + " "
                            + t.path("summary").asText().replaceAll("runner \\d", "runner N"));
                }
            }
            out.put(h.get("name").asText(), tasks);
        }
        return out;
    }
}
