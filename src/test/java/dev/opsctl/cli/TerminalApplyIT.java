package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged opsctl on a pseudo-terminal (tmux) and as a plain process: the inventory comes from ansible.cfg or
 * ANSIBLE_INVENTORY as in Ansible, apply shows the plan and asks, and only 'yes' (or the protected group's name) lets
 * it change anything. Hosts are this machine under several names (ansible_connection=local).
 */
class TerminalApplyIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @BeforeEach
    void project() throws Exception {
        Files.writeString(dir.resolve("hosts.ini"), """
                [web]
                web1 ansible_connection=local
                web2 ansible_connection=local
                [production]
                prod1 ansible_connection=local
                [production:vars]
                opsctl_protected=true
                """);
        Files.writeString(dir.resolve("ansible.cfg"), "[defaults]\ninventory = hosts.ini\n");
        Files.writeString(dir.resolve("site.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: mark
                      file: path=DIR/mark-{{ inventory_hostname }} state=touch
                """.replace("DIR", dir.toString()));
    }

    @Test
    void onATerminalApplyShowsThePlanAndChangesNothingUnlessYesIsTyped() throws Exception {
        try (TmuxTerminal t = TmuxTerminal.start(dir, 120, 40, List.of(), "apply", "site.yml", "-l", "web")) {
            String screen = t.waitFor(s -> s.contains("Only 'yes' will be accepted:"), WAIT);
            assertThat(screen).startsWith("Inventory: hosts.ini (inventory in ansible.cfg)")
                    .contains("+ mark: file " + dir + "/mark-web1")
                    .contains("Plan: 2 to create, 0 to update, 0 to delete, 0 to run, on 2 hosts (0 unchanged).")
                    .contains("Apply these changes to 2 hosts? Only 'yes' will be accepted:");
            t.type("y");
            assertThat(t.exitCode(WAIT)).isZero();
            assertThat(t.history()).contains("Apply cancelled.");
        }
        assertThat(dir.resolve("mark-web1")).doesNotExist();

        try (TmuxTerminal t = TmuxTerminal.start(dir, 120, 40, List.of(), "apply", "site.yml", "-l", "web")) {
            t.waitFor(s -> s.contains("Only 'yes' will be accepted:"), WAIT);
            t.type("yes");
            assertThat(t.exitCode(WAIT)).isZero();
            assertThat(t.history()).contains("Apply complete: 2 of 2 hosts changed.");
            // Colour on a terminal: the create symbol is green.
            assertThat(t.screenWithColour()).contains("\u001b[32m+");
        }
        assertThat(dir.resolve("mark-web1")).exists();
        assertThat(dir.resolve("mark-web2")).exists();
    }

    @Test
    void protectedHostsOnATerminalNeedTheGroupNameTyped() throws Exception {
        try (TmuxTerminal t = TmuxTerminal.start(dir, 120, 40, List.of("NO_COLOR=1"), "apply", "site.yml")) {
            String screen = t.waitFor(s -> s.contains("Type the name to confirm"), WAIT);
            assertThat(screen).contains("This run will apply to protected hosts in production (1 host).")
                    .contains("Type the name to confirm (production):");
            t.type("yes");
            assertThat(t.exitCode(WAIT)).isZero();
            assertThat(t.history()).contains("Apply cancelled.");
            assertThat(t.screenWithColour()).as("NO_COLOR").doesNotContain("\u001b[32m");
        }
        assertThat(dir.resolve("mark-prod1")).doesNotExist();

        try (TmuxTerminal t = TmuxTerminal.start(dir, 120, 40, List.of(), "apply", "site.yml", "--yes")) {
            t.waitFor(s -> s.contains("Type the name to confirm"), WAIT);
            t.type("production");
            assertThat(t.exitCode(WAIT)).isZero();
        }
        assertThat(dir.resolve("mark-prod1")).exists();
        assertThat(dir.resolve("mark-web1")).exists();
    }

    @Test
    void withoutATerminalNothingIsAskedAndTheEnvironmentChoosesTheInventory() throws Exception {
        Files.writeString(dir.resolve("other.ini"), "solo ansible_connection=local\n");
        JarRun r = JarRun.of(dir, Map.of("ANSIBLE_INVENTORY", "other.ini"), "apply", "site.yml");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("Inventory: other.ini (ANSIBLE_INVENTORY)").doesNotContain("yes");
        assertThat(dir.resolve("mark-solo")).exists();
        assertThat(dir.resolve("mark-web1")).doesNotExist();

        JarRun cfg = JarRun.of(dir, Map.of(), "plan", "site.yml");
        assertThat(cfg.out()).startsWith("Inventory: hosts.ini (inventory in ansible.cfg)").contains("web1:").contains("prod1:");
    }
}
