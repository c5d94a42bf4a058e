package dev.opsctl.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.config.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vault passwords from files, scripts, client scripts, prompts and Ansible's settings, in Ansible's order. */
class PasswordSourcesTest {
    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void aFileIsStrippedAScriptsStdoutLosesItsLineEndOnlyAndAClientIsAskedForItsLabel() throws Exception {
        Path file = write("pw.txt", "  file password \r\n", false);
        Path script = write("pass.sh", "#!/bin/sh\nprintf ' script pw \\n'\n", true);
        Path client = write("vault-keyring-client.py", "#!/bin/sh\n[ \"$1\" = --vault-id ] && [ \"$2\" = prod ] && echo prod-secret && exit 0\nexit 2\n", true);

        Keyring k = load(List.of("dev@" + file, "script@" + script, "prod@" + client), List.of(), false);
        assertThat(k.secrets()).extracting(VaultSecret::label).containsExactly("dev", "script", "prod");
        assertThat(passwords(k)).containsExactly("file password", " script pw ", "prod-secret");
    }

    @Test
    void aClientWithoutTheLabelIsAWarningWhenAnotherSourceGaveAPasswordElseTheError() throws Exception {
        Path client = write("keys-client", "#!/bin/sh\nexit 2\n", true);
        Path file = write("pw", "ok\n", false);
        Keyring k = load(List.of("staging@" + client, "@" + file), List.of(), false);
        assertThat(passwords(k)).containsExactly("ok");
        assertThat(k.secrets().get(0).label()).isEqualTo("default");
        assertThat(warnings).singleElement().asString().contains("did not find a secret for vault-id=staging");

        assertThatThrownBy(() -> load(List.of("staging@" + client), List.of(), false))
                .hasMessageContaining("Vault password client script " + client + " did not find a secret for vault-id=staging");
        assertThatThrownBy(() -> load(List.of(), List.of(tmp.resolve("missing").toString()), false))
                .hasMessageContaining("The vault password file " + tmp.resolve("missing") + " was not found");
        Path empty = write("empty", "\n\n", false);
        assertThatThrownBy(() -> load(List.of(), List.of(empty.toString()), false))
                .hasMessageContaining("Invalid vault password was provided from file");
    }

    @Test
    void configuredIdentitiesComeFirstPasswordFilesAfterTheIdsAndThePromptLast() throws Exception {
        Path cfgDir = Files.createDirectories(tmp.resolve("project"));
        write("project/cfg.pw", "from cfg\n", false);
        Files.writeString(cfgDir.resolve("ansible.cfg"), "[defaults]\nvault_identity_list = cfg@cfg.pw\nvault_password_file = cfg.pw\n");
        VaultSettings settings = VaultSettings.read(env(Map.of("ANSIBLE_CONFIG", cfgDir.resolve("ansible.cfg").toString())));
        assertThat(settings.identities()).containsExactly("cfg@" + cfgDir.resolve("cfg.pw"));
        assertThat(settings.passwordFile()).isEqualTo(cfgDir.resolve("cfg.pw").toString());

        Path cli = write("cli.pw", "from cli\n", false);
        PasswordSources.Request r = new PasswordSources.Request(List.of("cli@" + cli), List.of(cli.toString()), true, false, false);
        assertThat(PasswordSources.slugs(r, settings)).containsExactly("cfg@" + cfgDir.resolve("cfg.pw"), "cli@" + cli,
                "default@" + cli, "default@" + cfgDir.resolve("cfg.pw"), "default@prompt_ask_vault_pass");
        List<String> asked = new ArrayList<>();
        Keyring k = PasswordSources.load(r, settings, p -> {
            asked.add(p);
            return " typed \n";
        }, warnings::add);
        assertThat(asked).containsExactly("Vault password: ");
        assertThat(passwords(k)).containsExactly("from cfg", "from cli", "from cli", "from cfg", "typed");

        // The environment wins over ansible.cfg.
        Path env = write("env.pw", "from env\n", false);
        VaultSettings fromEnv = VaultSettings.read(env(Map.of("ANSIBLE_CONFIG", cfgDir.resolve("ansible.cfg").toString(),
                "ANSIBLE_VAULT_PASSWORD_FILE", env.toString(), "ANSIBLE_VAULT_IDENTITY_LIST", "a@" + env + ",b@prompt")));
        assertThat(fromEnv.passwordFile()).isEqualTo(env.toString());
        assertThat(fromEnv.identities()).containsExactly("a@" + env, "b@prompt");
    }

    @Test
    void aNewPasswordIsAskedTwiceAndMustMatch() {
        PasswordSources.Request r = new PasswordSources.Request(List.of("prod@prompt"), List.of(), false, true, true);
        List<String> asked = new ArrayList<>();
        Keyring k = PasswordSources.load(r, new VaultSettings(null, List.of()), p -> {
            asked.add(p);
            return "same";
        }, warnings::add);
        assertThat(asked).containsExactly("New vault password (prod): ", "Confirm new vault password (prod): ");
        assertThat(passwords(k)).containsExactly("same");
        String[] answers = {"one", "two"};
        int[] i = {0};
        assertThatThrownBy(() -> PasswordSources.load(r, new VaultSettings(null, List.of()), p -> answers[i[0]++], warnings::add))
                .hasMessage("Passwords do not match");
    }

    @Test
    void aPasswordFileMayItselfBeVaultedWithAnEarlierPassword() throws Exception {
        Path first = write("first", "outer\n", false);
        Path inner = tmp.resolve("inner");
        Files.writeString(inner, Keyring.encrypt("inner-pw\n".getBytes(StandardCharsets.UTF_8),
                new VaultSecret("default", "outer".getBytes(StandardCharsets.UTF_8))));
        Keyring k = load(List.of("a@" + first, "b@" + inner), List.of(), false);
        assertThat(passwords(k)).containsExactly("outer", "inner-pw");
    }

    private Environment env(Map<String, String> variables) {
        return new Environment(variables, tmp, tmp.resolve("home"), tmp.resolve("etc-ansible"));
    }

    private Keyring load(List<String> ids, List<String> files, boolean ask) {
        return PasswordSources.load(new PasswordSources.Request(ids, files, ask, false, false), new VaultSettings(null, List.of()),
                p -> null, warnings::add);
    }

    private static List<String> passwords(Keyring k) {
        return k.secrets().stream().map(s -> new String(s.password(), StandardCharsets.UTF_8)).toList();
    }

    private Path write(String name, String content, boolean executable) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        if (executable) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }
}
