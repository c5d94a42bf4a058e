package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ansible Vault on two real sshd hosts, with files made by ansible-vault itself: a vaulted group_vars file (vault id
 * "prod"), an inline !vault value in the play, a vaulted template source, and a password client script. The hosts get
 * the decrypted values exactly; the secrets appear in no output, report, saved plan, error or host command line.
 */
@FleetHosts(2)
class VaultFleetIT {
    private static final String DB_CANARY = "db-CANARY-7f3a9c2e";
    private static final String INLINE_CANARY = "inline-CANARY-51b0d8";
    private static final String VAULT_PASSWORD = "fleet vault password";

    private static Fleet fleet;

    @TempDir
    Path tmp;

    @Test
    void vaultedInputsReachTheHostsExactlyAndTheSecretsAppearInNoOutput() throws Exception {
        Path pwFile = tmp.resolve("prod.pw");
        Files.writeString(pwFile, VAULT_PASSWORD + "\n");
        // A client script, as Ansible calls it: asked with --vault-id LABEL, exit 2 for a label it does not know.
        Path client = tmp.resolve("vault-pass-client.sh");
        Files.writeString(client, "#!/bin/sh\n[ \"$1\" = --vault-id ] && [ \"$2\" = prod ] || exit 2\necho '" + VAULT_PASSWORD + "'\n");
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rwx------"));

        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv, Map.of("production", List.of("h001", "h002")));
        Files.createDirectories(tmp.resolve("group_vars"));
        Path groupVars = tmp.resolve("group_vars/production.yml");
        Files.writeString(groupVars, "db_password: " + DB_CANARY + "\nservice_port: 8443\n");
        ansibleVault("encrypt", "--vault-id", "prod@" + pwFile, groupVars.toString());
        assertThat(Files.readString(groupVars)).startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n");

        Files.createDirectories(tmp.resolve("templates"));
        Path template = tmp.resolve("templates/app.conf.j2");
        Files.writeString(template, "db_password={{ db_password }}\ninline={{ inline_secret }}\nport={{ service_port }}\n");
        ansibleVault("encrypt", "--vault-id", "prod@" + pwFile, template.toString());

        String inline = ansibleVault("encrypt_string", "--vault-id", "prod@" + pwFile, "--name", "inline_secret", INLINE_CANARY);
        StringBuilder vars = new StringBuilder();
        for (String line : inline.strip().split("\n")) vars.append("    ").append(line).append('\n');
        Path site = tmp.resolve("site.yml");
        Files.writeString(site, """
                - hosts: production
                  vars:
                %s  tasks:
                    - name: directory
                      file: path=/srv/vault state=directory mode=0700
                    - name: app config from a vaulted template
                      template: src=app.conf.j2 dest=/srv/vault/app.conf mode=0600
                    - name: password file
                      copy:
                        content: "{{ db_password }}\\n"
                        dest: /srv/vault/db.pw
                        mode: "0600"
                    - name: the secret on a command line
                      shell: "echo {{ db_password }} > /srv/vault/echoed; sleep 3"
                    - name: read it back
                      command: cat /srv/vault/db.pw
                      register: readback
                      changed_when: false
                    - debug: var=readback
                    - debug: msg="inline is {{ inline_secret }}"
                """.formatted(vars));
        Path kh = tmp.resolve("known_hosts");
        Files.copy(fleet.knownHosts(), kh);
        String vaultId = "prod@" + client;
        Map<String, String> seen = new LinkedHashMap<>();

        CliRun text = run(seen, "plan -vvv --diff", "plan", site.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(),
                "--vault-id", vaultId, "--diff", "-vvv");
        assertThat(text.exitCode()).as(text.out() + text.err()).isZero();
        assertThat(text.out()).contains("(sensitive content: ").contains("+ app config from a vaulted template: file /srv/vault/app.conf\n      content 69 bytes (sensitive)");
        run(seen, "plan --format json", "plan", site.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "--vault-id", vaultId,
                "--format", "json", "--diff");
        run(seen, "plan --format markdown", "plan", site.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "--vault-id",
                vaultId, "--format", "markdown", "--diff");
        Path junit = tmp.resolve("junit.xml");
        Path saved = tmp.resolve("saved-plan.json");
        CliRun plan = run(seen, "plan -o --junit", "plan", site.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "--vault-id",
                vaultId, "--junit", junit.toString(), "-o", saved.toString(), "--diff");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        seen.put("junit file", Files.readString(junit));
        seen.put("saved plan file", Files.readString(saved));
        run(seen, "show", "show", saved.toString(), "--diff");
        run(seen, "show json", "show", saved.toString(), "--format", "json");

        // The saved plan holds no secret, so applying it needs the vault password again; without it nothing changes.
        CliRun noPassword = run(seen, "apply without password", "apply", saved.toString(), "--known-hosts", kh.toString());
        assertThat(noPassword.exitCode()).isEqualTo(3);
        assertThat(noPassword.err()).contains(groupVars + ": cannot decrypt vaulted file: no vault password was given")
                .contains("site.yml:3:20: cannot decrypt vaulted value");
        for (FleetHost h : fleet.hosts()) assertThat(fleet.path(h, "/srv/vault")).doesNotExist();

        // While the apply runs, the hosts' command lines are read again and again: the secret must be in none of them.
        CompletableFuture<CliRun> apply = CompletableFuture.supplyAsync(() -> CliRun.of("apply", saved.toString(), "--known-hosts",
                kh.toString(), "--vault-id", vaultId, "--diff", "-vvv"));
        StringBuilder ps = new StringBuilder();
        boolean sawTheTask = false;
        while (!apply.isDone()) {
            String sample = processList();
            sawTheTask |= sample.contains("sleep 3");
            ps.append(sample);
            Thread.sleep(50);
        }
        CliRun applied = apply.get(5, TimeUnit.MINUTES);
        seen.put("apply", applied.out() + applied.err());
        seen.put("ps while applying", ps.toString());
        assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
        assertThat(sawTheTask).as("ps ran while the task with the secret ran").isTrue();
        assertThat(applied.out()).contains("********");

        for (FleetHost h : fleet.hosts()) {
            assertThat(Files.readString(fleet.path(h, "/srv/vault/app.conf")))
                    .isEqualTo("db_password=" + DB_CANARY + "\ninline=" + INLINE_CANARY + "\nport=8443\n");
            assertThat(Files.readString(fleet.path(h, "/srv/vault/db.pw"))).isEqualTo(DB_CANARY + "\n");
            assertThat(Files.readString(fleet.path(h, "/srv/vault/echoed"))).isEqualTo(DB_CANARY + "\n");
        }
        CliRun again = run(seen, "plan after apply", "plan", site.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(),
                "--vault-id", vaultId, "--diff");
        assertThat(again.out()).doesNotContain("app config").doesNotContain("password file");

        Path failing = tmp.resolve("fail.yml");
        Files.writeString(failing, """
                - hosts: production
                  tasks:
                    - name: a command that fails with the secret in its stderr
                      shell: "echo connection refused for {{ db_password }} >&2; exit 1"
                      register: login
                      ignore_errors: true
                    - debug: var=login
                    - name: a task that fails with the secret in its message
                      fail: msg="cannot log in as {{ db_password }}"
                """);
        CliRun failed = run(seen, "failing task", "apply", failing.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(),
                "--vault-id", vaultId, "-vvv");
        assertThat(failed.exitCode()).isEqualTo(2);
        assertThat(failed.out() + failed.err()).contains("connection refused for ********").contains("cannot log in as ********");

        seen.forEach((what, output) -> {
            assertThat(output).as(what).doesNotContain(DB_CANARY).doesNotContain(INLINE_CANARY).doesNotContain(VAULT_PASSWORD);
        });
    }

    private static CliRun run(Map<String, String> seen, String what, String... args) {
        CliRun r = CliRun.of(args);
        seen.put(what, r.out() + "\n" + r.err());
        return r;
    }

    private static String processList() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ps", "-eo", "args").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private static String ansibleVault(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ansible-vault"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ansible-vault " + String.join(" ", args)).isZero();
        return out;
    }
}
