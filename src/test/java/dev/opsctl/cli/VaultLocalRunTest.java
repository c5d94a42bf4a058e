package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.vault.Keyring;
import dev.opsctl.vault.VaultSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vaulted input everywhere Ansible decrypts it, applied on this machine: the values arrive, the output masks them. */
class VaultLocalRunTest {
    private static final VaultSecret SECRET = new VaultSecret("app", "local pw".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    @Test
    void includeVarsLookupsCopySourcesAndExtraVarsAreDecryptedAndMasked() throws Exception {
        Path pw = write("pw", "local pw\n");
        vaulted("included.yml", "included_token: inc-SECRET-1\n");
        vaulted("extra.yml", "extra_token: extra-SECRET-2\n");
        Files.createDirectories(dir.resolve("files"));
        vaulted("files/cert.pem", "cert-SECRET-3\n");
        String root = dir.resolve("root").toString();
        Path pb = write("site.yml", """
                - hosts: localhost
                  tasks:
                    - file: path=ROOT state=directory
                    - include_vars: included.yml
                    - debug: var=included_token
                    - copy: content="{{ included_token }}/{{ extra_token }}" dest=ROOT/tokens
                    - copy: content="{{ lookup('file', 'cert.pem') }}|{{ lookup('unvault', 'cert.pem') }}" dest=ROOT/lookups
                    - copy: src=cert.pem dest=ROOT/cert.pem
                    - copy: src=cert.pem dest=ROOT/cert.vault decrypt=false
                """.replace("ROOT", root));

        CliRun apply = CliRun.of("apply", pb.toString(), "--vault-id", "app@" + pw, "-e", "@" + dir.resolve("extra.yml"), "--diff", "-v");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(Files.readString(dir.resolve("root/tokens"))).isEqualTo("inc-SECRET-1/extra-SECRET-2");
        assertThat(Files.readString(dir.resolve("root/lookups"))).isEqualTo("cert-SECRET-3|cert-SECRET-3\n");
        assertThat(Files.readString(dir.resolve("root/cert.pem"))).isEqualTo("cert-SECRET-3\n");
        assertThat(Files.readString(dir.resolve("root/cert.vault"))).isEqualTo(Files.readString(dir.resolve("files/cert.pem")));
        assertThat(apply.out()).contains("included_token: \"********\"").contains("(sensitive content: ")
                .doesNotContain("SECRET-");
        assertThat(apply.err()).doesNotContain("SECRET-");
    }

    @Test
    void inventoryHostShowsVaultedVariablesMasked() throws Exception {
        Path pw = write("pw", "local pw\n");
        String inline = Keyring.encrypt("inv-SECRET-4".getBytes(StandardCharsets.UTF_8), SECRET).replace("\n", "\n        ");
        Path inv = write("inventory.yml", "all:\n  hosts:\n    web1:\n      api_key: !vault |\n        " + inline.strip() + "\n");
        Files.createDirectories(dir.resolve("host_vars"));
        vaulted("host_vars/web1.yml", "db_pass: hv-SECRET-5\n");

        CliRun host = CliRun.of("inventory", "-i", inv.toString(), "host", "web1", "--vault-id", "app@" + pw);
        assertThat(host.exitCode()).as(host.err()).isZero();
        assertThat(host.out()).contains("\"api_key\"").contains("\"db_pass\"").contains("********").doesNotContain("SECRET-");

        CliRun noPassword = CliRun.of("inventory", "-i", inv.toString(), "host", "web1");
        assertThat(noPassword.exitCode()).isEqualTo(3);
        assertThat(noPassword.err()).contains(inv + ":4:16: cannot decrypt vaulted value: no vault password was given");
    }

    @Test
    void aWrongPasswordNamesTheFileAndLineAndChangesNothing() throws Exception {
        Path wrong = write("wrong", "not it\n");
        String inline = Keyring.encrypt("x-SECRET".getBytes(StandardCharsets.UTF_8), SECRET).replace("\n", "\n          ");
        Path pb = write("site.yml", """
                - hosts: localhost
                  vars:
                    token: !vault |
                      INLINE
                  tasks:
                    - copy: content="{{ token }}" dest=ROOT
                """.replace("INLINE", inline.strip().replace("\n          ", "\n          ")).replace("ROOT", dir.resolve("out").toString()));
        CliRun plan = CliRun.of("apply", pb.toString(), "--vault-password-file", wrong.toString());
        assertThat(plan.exitCode()).isEqualTo(3);
        assertThat(plan.err()).contains(pb + ":3:12: cannot decrypt vaulted value: no vault password given opens it: the HMAC check failed")
                .contains("nothing was changed");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void vaultOnAMappingIsAnErrorAtItsLine() throws Exception {
        Path pb = write("site.yml", "- hosts: localhost\n  vars:\n    token: !vault {a: 1}\n  tasks: []\n");
        CliRun plan = CliRun.of("plan", pb.toString());
        assertThat(plan.exitCode()).isEqualTo(3);
        assertThat(plan.err()).contains(pb + ":3:12: !vault must tag a string");
    }

    private void vaulted(String name, String plaintext) throws Exception {
        Files.writeString(dir.resolve(name), Keyring.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), SECRET));
    }

    private Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }
}
