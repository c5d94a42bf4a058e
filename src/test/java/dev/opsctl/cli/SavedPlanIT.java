package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved plans over SSH on three real sshd hosts: a drifted host is refused by name, a fresh plan applies exactly. */
@FleetHosts(3)
class SavedPlanIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private static final String PLAYBOOK = """
            - hosts: all
              tasks:
                - name: app conf
                  copy:
                    content: "port=8080\\nname={{ inventory_hostname }}\\n"
                    dest: /srv/opsctl-saved/app.conf
                    mode: "0644"
                - name: marker
                  copy: content="ok\\n" dest=/srv/opsctl-saved/ready mode=0600
            """;

    @Test
    void refusesADriftedHostThenAppliesAFreshPlanExactly() throws Exception {
        for (FleetHost h : fleet.hosts()) {
            Files.createDirectories(fleet.path(h, "/srv/opsctl-saved"));
            Files.writeString(fleet.path(h, "/srv/opsctl-saved/app.conf"), "port=80\n");
        }
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, PLAYBOOK);
        Path kh = tmp.resolve("known_hosts");
        Files.copy(fleet.knownHosts(), kh);
        Path saved = tmp.resolve("plan.json");

        CliRun plan = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "-o", saved.toString(),
                "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("Plan: 3 to create, 3 to update, 0 to delete, 0 to run, on 3 hosts (0 unchanged).");

        FleetHost h3 = fleet.host("h003");
        Files.writeString(fleet.path(h3, "/srv/opsctl-saved/app.conf"), "port=81\n");
        CliRun refused = CliRun.of("apply", saved.toString(), "--known-hosts", kh.toString());
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(5);
        assertThat(refused.err()).contains("error: h003: drift since plan: file:/srv/opsctl-saved/app.conf changed")
                .doesNotContain("h001:").doesNotContain("h002:");
        for (FleetHost h : fleet.hosts()) {
            assertThat(fleet.path(h, "/srv/opsctl-saved/ready")).as("no host touched").doesNotExist();
        }

        CliRun replan = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "-o", saved.toString());
        assertThat(replan.exitCode()).as(replan.err()).isZero();
        Map<String, List<String>> planned = changes(new ObjectMapper().readTree(saved.toFile()), "changed");
        CliRun apply = CliRun.of("apply", saved.toString(), "--known-hosts", kh.toString(), "--format", "json");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(changes(new ObjectMapper().readTree(apply.out()), "changed")).isEqualTo(planned);
        for (FleetHost h : fleet.hosts()) {
            assertThat(Files.readString(fleet.path(h, "/srv/opsctl-saved/app.conf"))).isEqualTo("port=8080\nname=" + h.name() + "\n");
        }

        CliRun after = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "--detailed-exitcode");
        assertThat(after.exitCode()).as(after.out() + after.err()).isZero();
        assertThat(after.out()).contains("No changes.");

        // Only the host with a planned change is applied to; the others are not even in the recap.
        Files.writeString(fleet.path(fleet.host("h002"), "/srv/opsctl-saved/app.conf"), "port=82\n");
        assertThat(CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "-o", saved.toString())
                .exitCode()).isZero();
        CliRun one = CliRun.of("apply", saved.toString(), "--known-hosts", kh.toString());
        assertThat(one.exitCode()).as(one.out() + one.err()).isZero();
        assertThat(one.out()).containsPattern("h002\\s+: ok=2\\s+changed=1").doesNotContain("h001").doesNotContain("h003")
                .contains("Apply complete: 1 of 1 host changed.");
    }

    /** Per host, "action task" for each task with {@code status}: what a plan or apply changes. */
    private static Map<String, List<String>> changes(JsonNode root, String status) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (JsonNode h : root.get("hosts")) {
            List<String> tasks = new ArrayList<>();
            for (JsonNode t : h.get("tasks")) {
                if (t.get("status").asText().equals(status)) tasks.add(t.get("action").asText() + " " + t.get("task").asText());
            }
            out.put(h.get("name").asText(), tasks);
        }
        return out;
    }
}
