package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code opsctl vault} run as a user runs it (bin/opsctl, with $EDITOR), checked both ways against ansible-vault: what
 * one writes the other reads; edit leaves no plaintext behind, not even when stopped, and saves only a change.
 */
class VaultCommandIT {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    @Test
    void filesAndStringsWeEncryptAnsibleVaultDecryptsAndTheOtherWayRound() throws Exception {
        Path pw = write("pw", "first password\n");
        Path pw2 = write("pw2", "second password\n");
        Path f = write("secrets.yml", "token: abc123\n");
        assertThat(opsctl(Map.of(), null, "vault", "encrypt", "--vault-id", "prod@" + pw, f.toString()).code()).isZero();
        assertThat(Files.readString(f)).startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n");
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(ansibleVault("view", "--vault-id", "prod@" + pw, f.toString())).isEqualTo("token: abc123\n");

        Run rekey = opsctl(Map.of(), null, "vault", "rekey", "--vault-id", "prod@" + pw, "--new-vault-id", "next@" + pw2, f.toString());
        assertThat(rekey.code()).as(rekey.err()).isZero();
        assertThat(Files.readString(f)).startsWith("$ANSIBLE_VAULT;1.2;AES256;next\n");
        assertThat(ansibleVault("view", "--vault-id", "next@" + pw2, f.toString())).isEqualTo("token: abc123\n");

        // Files ansible-vault wrote, under several ids: view opens each with the password its label names.
        Path a = write("a.yml", "a: 1\n");
        Path b = write("b.yml", "b: 2\n");
        ansibleVault("encrypt", "--vault-id", "dev@" + pw, a.toString());
        ansibleVault("encrypt", "--vault-password-file", pw2.toString(), b.toString());
        Run view = opsctl(Map.of(), null, "vault", "view", "--vault-id", "dev@" + pw, "--vault-id", "other@" + pw2, a.toString(), b.toString());
        assertThat(view.code()).as(view.err()).isZero();
        assertThat(view.out()).isEqualTo("a: 1\nb: 2\n");
        Run decrypt = opsctl(Map.of(), null, "vault", "decrypt", "--vault-password-file", pw2.toString(), "--output", "-", b.toString());
        assertThat(decrypt.out()).isEqualTo("b: 2\n");

        // The password asked for (-J; without a terminal a line of stdin), or named by Ansible's environment variables.
        Run asked = opsctl(Map.of(), "second password\n", "vault", "view", "-J", b.toString());
        assertThat(asked.out()).as(asked.err()).isEqualTo("b: 2\n");
        assertThat(asked.err()).contains("Vault password: ");
        assertThat(opsctl(Map.of("ANSIBLE_VAULT_PASSWORD_FILE", pw2.toString()), null, "vault", "view", b.toString()).out()).isEqualTo("b: 2\n");
        assertThat(opsctl(Map.of("ANSIBLE_VAULT_IDENTITY_LIST", "dev@" + pw + ",x@" + pw2), null, "vault", "view", a.toString(), b.toString())
                .out()).isEqualTo("a: 1\nb: 2\n");

        Run wrong = opsctl(Map.of(), null, "vault", "view", "--vault-password-file", pw.toString(), b.toString());
        assertThat(wrong.code()).isEqualTo(3);
        assertThat(wrong.err()).contains("HMAC check failed").contains(b.toString());

        // encrypt_string: named from args, from stdin, and from the prompt; ansible-vault opens each envelope.
        Run strings = opsctl(Map.of(), null, "vault", "encrypt_string", "--vault-id", "prod@" + pw, "-n", "db_password", "s3cret");
        assertThat(strings.code()).as(strings.err()).isZero();
        assertThat(strings.out()).startsWith("db_password: !vault |\n          $ANSIBLE_VAULT;1.2;AES256;prod\n          ");
        assertThat(openInline(strings.out(), "prod@" + pw)).isEqualTo("s3cret");
        Run stdin = opsctl(Map.of(), "from stdin\n", "vault", "encrypt_string", "--vault-password-file", pw.toString(), "--stdin-name", "note");
        assertThat(stdin.out()).startsWith("note: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n");
        assertThat(openInline(stdin.out(), pw.toString())).isEqualTo("from stdin\n");
        Run prompted = opsctl(Map.of(), "api_key\ntyped secret\n", "vault", "encrypt_string", "--vault-password-file", pw.toString(), "-p");
        assertThat(prompted.out()).startsWith("api_key: !vault |\n");
        assertThat(openInline(prompted.out(), pw.toString())).isEqualTo("typed secret");

        // ansible-playbook reads the YAML encrypt_string wrote.
        Path vars = write("vars.yml", strings.out());
        Path play = write("play.yml", "- hosts: localhost\n  gather_facts: no\n  vars_files: [vars.yml]\n  tasks:\n    - debug: msg=\"v={{ db_password }}\"\n");
        Process p = new ProcessBuilder("ansible-playbook", "--vault-id", "prod@" + pw, play.toString()).directory(tmp.toFile())
                .redirectErrorStream(true).start();
        String played = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(played).as(vars.toString()).contains("\"msg\": \"v=s3cret\"");
    }

    @Test
    void editWorksOnAPrivateCopyLeavesNoPlaintextAndSavesOnlyAChange() throws Exception {
        Path pw = write("pw", "edit pw\n");
        Path seen = tmp.resolve("seen");
        // The editor notes the file it was given and the modes of it and its directory, then appends a line.
        Path appender = editor("append.sh", "echo \"$1\" > " + seen + "; stat -c '%a' \"$1\" \"$(dirname \"$1\")\" >> " + seen
                + "; echo 'added: true' >> \"$1\"");
        Path created = tmp.resolve("new/vars.yml");
        Run create = opsctl(Map.of("EDITOR", appender.toString()), null, "vault", "create", "--vault-id", "ops@" + pw, created.toString());
        assertThat(create.code()).as(create.err()).isZero();
        assertThat(ansibleVault("view", "--vault-id", "ops@" + pw, created.toString())).isEqualTo("added: true\n");
        List<String> notes = Files.readAllLines(seen);
        assertThat(notes.subList(1, 3)).containsExactly("600", "700");
        assertThat(Path.of(notes.get(0))).doesNotExist();
        assertThat(Path.of(notes.get(0)).getParent()).doesNotExist();

        Run edit = opsctl(Map.of("EDITOR", appender.toString()), null, "vault", "edit", "--vault-id", "ops@" + pw, created.toString());
        assertThat(edit.code()).as(edit.err()).isZero();
        assertThat(Files.readString(created)).startsWith("$ANSIBLE_VAULT;1.2;AES256;ops\n");
        assertThat(ansibleVault("view", "--vault-id", "ops@" + pw, created.toString())).isEqualTo("added: true\nadded: true\n");

        byte[] before = Files.readAllBytes(created);
        Run unchanged = opsctl(Map.of("EDITOR", "true"), null, "vault", "edit", "--vault-id", "ops@" + pw, created.toString());
        assertThat(unchanged.code()).isZero();
        assertThat(Files.readAllBytes(created)).as("not encrypted again (a new salt would change every byte)").isEqualTo(before);

        assertThat(opsctl(Map.of(), null, "vault", "create", "--vault-id", "ops@" + pw, created.toString()).err())
                .contains("exists, please use 'edit' instead");
    }

    @Test
    void anEditStoppedWhileTheEditorRunsLeavesNoPlaintext() throws Exception {
        Path pw = write("pw", "edit pw\n");
        Path f = write("vars.yml", "key: value\n");
        ansibleVault("encrypt", "--vault-password-file", pw.toString(), f.toString());
        byte[] before = Files.readAllBytes(f);
        Path seen = tmp.resolve("seen");
        Path slow = editor("slow.sh", "echo \"$1\" > " + seen + ".tmp; echo $$ >> " + seen + ".tmp; mv " + seen + ".tmp " + seen + "; sleep 60");
        List<String> cmd = List.of("bin/opsctl", "vault", "edit", "--vault-password-file", pw.toString(), f.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile());
        pb.environment().put("EDITOR", slow.toString());
        Process p = pb.start();
        long editorPid = 0;
        try {
            for (int i = 0; i < 600 && !Files.exists(seen); i++) Thread.sleep(100);
            List<String> notes = Files.readAllLines(seen);
            Path plaintext = Path.of(notes.get(0));
            editorPid = Long.parseLong(notes.get(1).strip());
            assertThat(Files.readString(plaintext)).isEqualTo("key: value\n");
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(plaintext).doesNotExist();
            assertThat(plaintext.getParent()).doesNotExist();
            assertThat(Files.readAllBytes(f)).isEqualTo(before);
        } finally {
            p.destroyForcibly();
            if (editorPid > 0) ProcessHandle.of(editorPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** The plaintext of the (first) !vault block of encrypt_string's output, by ansible-vault. */
    private String openInline(String yaml, String vaultId) throws Exception {
        StringBuilder envelope = new StringBuilder();
        for (String line : yaml.split("\n")) if (line.startsWith("          ")) envelope.append(line.strip()).append('\n');
        Path f = write("inline-" + System.nanoTime(), envelope.toString());
        return ansibleVault("decrypt", "--vault-id", vaultId, "--output", "-", f.toString());
    }

    private Path editor(String name, String body) throws IOException {
        Path p = write(name, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static Run opsctl(Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bin/opsctl"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err.get());
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
