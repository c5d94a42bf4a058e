package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.fleet.FleetHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apply, {@code opsctl facts} and {@code opsctl reboot} reach hosts the same way: an inventory whose connection
 * variables are templates ({@code ansible_host: "{{ fleet_ip }}"}, with {@code fleet_ip} in group_vars and the port
 * and user in host variables) works for all three. Unrendered, {@code {{ fleet_ip }}} is not an address and every
 * host is unreachable.
 */
@FleetHosts(2)
class HostAccessFleetIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private Path inventory;

    @BeforeEach
    void templatedInventory() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("inv"));
        StringBuilder yaml = new StringBuilder("all:\n  hosts:\n");
        for (FleetHost h : fleet.hosts()) {
            yaml.append("    ").append(h.name()).append(":\n")
                    .append("      ansible_host: \"{{ fleet_ip }}\"\n")
                    .append("      sshd_port: ").append(h.port()).append('\n')
                    .append("      ansible_port: \"{{ sshd_port }}\"\n")
                    .append("      ansible_user: \"{{ login }}\"\n")
                    .append("      ansible_ssh_private_key_file: \"{{ key_dir }}/").append(fleet.clientKey().getFileName()).append("\"\n");
        }
        inventory = dir.resolve("hosts.yml");
        Files.writeString(inventory, yaml);
        Files.createDirectories(dir.resolve("group_vars"));
        Files.writeString(dir.resolve("group_vars/all.yml"),
                "fleet_ip: 127.0.0.1\nlogin: root\nkey_dir: " + fleet.clientKey().getParent() + "\n");
    }

    @Test
    void factsRendersTheConnectionVariables() throws Exception {
        CliRun r = CliRun.of("facts", "all", "-i", inventory.toString(), "--known-hosts", fleet.knownHosts().toString(), "--subset", "min");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonNode all = new ObjectMapper().readTree(r.out());
        for (FleetHost h : fleet.hosts()) {
            assertThat(all.get(h.name()).has("unreachable")).as(r.out()).isFalse();
            assertThat(all.get(h.name()).get("ansible_facts").get("user_id").asText()).isEqualTo("root");
        }
    }

    @Test
    void rebootRendersTheConnectionVariables() throws Exception {
        FleetHost h = fleet.hosts().get(0);
        FleetHost other = fleet.hosts().get(1);
        String before = fleet.bootId(h);
        String otherBefore = fleet.bootId(other);
        CliRun r = CliRun.of("reboot", h.name(), "-i", inventory.toString(), "--known-hosts", fleet.knownHosts().toString(), "--yes",
                "--timeout", "60");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("summary: 1 rebooted, 0 failed");
        assertThat(fleet.bootId(h)).isNotEqualTo(before);
        assertThat(fleet.bootId(other)).as("the host not named keeps its boot").isEqualTo(otherBefore);
    }

    @Test
    void applyRendersTheConnectionVariables() throws Exception {
        Path playbook = tmp.resolve("site.yml");
        Files.writeString(playbook, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - copy:
                        dest: /tmp/host-access-marker
                        content: "{{ inventory_hostname }} via {{ ansible_host }}\\n"
                """);
        CliRun r = CliRun.onFleet(fleet, "apply", playbook, inventory);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        for (FleetHost h : fleet.hosts()) {
            assertThat(Files.readString(fleet.path(h, "/tmp/host-access-marker"))).isEqualTo(h.name() + " via 127.0.0.1\n");
        }
    }
}
