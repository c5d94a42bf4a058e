package dev.opsctl.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vault data written by ansible-vault opens here, and vault data written here opens in ansible-vault (1.1 and 1.2). */
class AnsibleVaultInteropTest {
    private static final String PLAIN = "db_password: \"s3cret ü\"\nport: 5432\nkey: |\n  line one\n  line two\n";

    @TempDir
    Path tmp;

    @Test
    void opensWhatAnsibleVaultWritesWithAndWithoutVaultIds() throws Exception {
        Path dev = password("dev.pw", "dev password");
        Path prod = password("prod.pw", "prod-pw-2");
        Path unlabelled = tmp.resolve("plain.yml");
        Files.writeString(unlabelled, PLAIN);
        ansibleVault("encrypt", "--vault-password-file", dev.toString(), unlabelled.toString());
        Path labelled = tmp.resolve("prod.yml");
        Files.writeString(labelled, PLAIN);
        ansibleVault("encrypt", "--vault-id", "prod@" + prod, labelled.toString());

        assertThat(Files.readString(unlabelled)).startsWith("$ANSIBLE_VAULT;1.1;AES256\n");
        assertThat(Files.readString(labelled)).startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n");
        Keyring both = new Keyring(List.of(secret("dev", "dev password"), secret("prod", "prod-pw-2")));
        assertThat(both.openText(Files.readString(unlabelled))).isEqualTo(PLAIN);
        Keyring.Opened opened = both.open(Files.readString(labelled));
        assertThat(new String(opened.plaintext(), StandardCharsets.UTF_8)).isEqualTo(PLAIN);
        assertThat(opened.label()).isEqualTo("prod");
        // The label is a hint, not a lock: a password given under another id still opens the file.
        assertThat(new Keyring(List.of(secret("other", "prod-pw-2"))).openText(Files.readString(labelled))).isEqualTo(PLAIN);
    }

    @Test
    void ansibleVaultOpensWhatWeWrite() throws Exception {
        Path pw = password("pw", "our password");
        Path v11 = tmp.resolve("v11.yml");
        Files.writeString(v11, Keyring.encrypt(PLAIN.getBytes(StandardCharsets.UTF_8), secret(Keyring.DEFAULT_LABEL, "our password")));
        Path v12 = tmp.resolve("v12.yml");
        Files.writeString(v12, Keyring.encrypt(PLAIN.getBytes(StandardCharsets.UTF_8), secret("staging", "our password")));
        assertThat(Files.readString(v11)).startsWith("$ANSIBLE_VAULT;1.1;AES256\n");
        assertThat(Files.readString(v12)).startsWith("$ANSIBLE_VAULT;1.2;AES256;staging\n");

        assertThat(ansibleVault("view", "--vault-password-file", pw.toString(), v11.toString())).isEqualTo(PLAIN);
        assertThat(ansibleVault("view", "--vault-id", "staging@" + pw, v12.toString())).isEqualTo(PLAIN);
        // Byte for byte: decrypt writes exactly the plaintext, and the envelope has Ansible's 80-column lines.
        ansibleVault("decrypt", "--vault-password-file", pw.toString(), v12.toString());
        assertThat(Files.readAllBytes(v12)).isEqualTo(PLAIN.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void emptyAndBlockSizedPlaintextsSurviveTheRoundTrip() throws Exception {
        Path pw = password("pw", "x");
        for (String text : new String[] {"", "0123456789abcdef", "0123456789abcde"}) {
            Path f = tmp.resolve("t" + text.length());
            Files.writeString(f, Keyring.encrypt(text.getBytes(StandardCharsets.UTF_8), secret("default", "x")));
            assertThat(ansibleVault("decrypt", "--vault-password-file", pw.toString(), "--output", "-", f.toString())).isEqualTo(text);
            Files.writeString(f, text);
            if (!text.isEmpty()) {
                ansibleVault("encrypt", "--vault-password-file", pw.toString(), f.toString());
                assertThat(new Keyring(List.of(secret("default", "x"))).openText(Files.readString(f))).isEqualTo(text);
            }
        }
    }

    @Test
    void aTamperedFileFailsTheHmacCheckBeforeAnythingIsDecrypted() throws Exception {
        Path pw = password("pw", "pw");
        Path f = tmp.resolve("secret.yml");
        Files.writeString(f, PLAIN);
        ansibleVault("encrypt", "--vault-password-file", pw.toString(), f.toString());
        String text = Files.readString(f);
        // Change one hex digit of the ciphertext: the body still parses, the HMAC no longer matches.
        VaultText envelope = VaultText.parse(text);
        String inner = new String(HexFormat.of().parseHex(envelope.body()), StandardCharsets.US_ASCII);
        char last = inner.charAt(inner.length() - 1);
        inner = inner.substring(0, inner.length() - 1) + (last == '0' ? '1' : '0');
        String tampered = new VaultText(envelope.version(), envelope.cipher(), envelope.label(),
                HexFormat.of().formatHex(inner.getBytes(StandardCharsets.US_ASCII))).format();
        Keyring keys = new Keyring(List.of(secret("default", "pw")));
        assertThatThrownBy(() -> keys.open(tampered)).isInstanceOf(VaultException.class)
                .hasMessageContaining("HMAC check failed");
        assertThatThrownBy(() -> new Keyring(List.of(secret("default", "wrong"))).open(text)).isInstanceOf(VaultException.class)
                .hasMessageContaining("HMAC check failed");
        assertThatThrownBy(() -> Keyring.EMPTY.open(text)).hasMessageContaining("no vault password was given");
        assertThatThrownBy(() -> keys.open("$ANSIBLE_VAULT;1.1;AES256\nzz\n")).isInstanceOf(VaultException.class)
                .hasMessageContaining("not hexadecimal");
    }

    private static VaultSecret secret(String label, String password) {
        return new VaultSecret(label, password.getBytes(StandardCharsets.UTF_8));
    }

    private Path password(String name, String pw) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, pw + "\n");
        return p;
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
