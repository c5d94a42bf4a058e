package dev.opsctl.module.authorizedkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.UserQuery;
import dev.opsctl.facts.UserState;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthorizedKeyModuleTest {
    private static final String A = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC8X6Us9Z3s+K65rEwFTURpq alice@laptop";
    private static final String B = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINg/s4Wjm7k5pKoB9MWJ0D5P";
    private static final String C = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC carol";

    private final AuthorizedKeyModule module = new AuthorizedKeyModule();

    @TempDir
    Path dir;

    private static FileState keysFile(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new FileState.Present(FileState.Kind.FILE, 0600, "deploy", "deploy", b.length, 1, 2, null, b, FileQuery.sha1(b), 1500, 1500);
    }

    private static UserState.Present deploy(FileState keys) {
        FileState sshDir = keys.exists()
                ? new FileState.Present(FileState.Kind.DIRECTORY, 0700, "deploy", "deploy", 4096, 1, 3, null, null, null, 1500, 1500)
                : FileState.ABSENT;
        return new UserState.Present("deploy", 1500, 1500, "deploy", List.of(), "", "/home/deploy", "/bin/bash", "", true, sshDir, keys);
    }

    private Planned plan(Map<String, Object> raw, UserState user) {
        return module.plan(new HostRun(dir).parse(module, raw), HostRun.facts(Map.of(new UserQuery("deploy"), user)));
    }

    private static String after(Planned p) {
        return ((FileState.Present) p.predicted().get(0).value()).contentText();
    }

    @Test
    void newKeysMakeTheDirectoryAndTheFileWithAnsiblesLines() {
        Planned p = plan(Map.of("user", "deploy", "key", A + "\n" + B + "\n"), deploy(FileState.ABSENT));
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().summary()).isEqualTo("authorized_keys /home/deploy/.ssh/authorized_keys");
        assertThat(p.change().details()).hasSize(4).first().asString().startsWith("add key ssh-ed25519 SHA256:").endsWith(" alice@laptop");
        assertThat(p.change().details()).contains("create directory /home/deploy/.ssh (mode 0700, owner deploy)", "create file (mode 0600, owner deploy)");
        // Ansible writes a blank after the blob of a key without comment.
        assertThat(after(p)).isEqualTo(A + "\n" + B + " \n");
        assertThat(p.change().diff()).contains("+++ after: /home/deploy/.ssh/authorized_keys", "+" + A);
        assertThat(p.change().steps()).hasSize(2);
        assertThat(((UserState.Present) p.predicted().get(p.predicted().size() - 1).value()).authorizedKeys().exists()).isTrue();
    }

    @Test
    void presentKeysAreNoOpWhateverTheirOptionOrder() {
        String file = "from=\"10.0.0.1\",no-pty " + C + "\n" + A + "\n";
        Planned p = plan(Map.of("user", "deploy", "key", C, "key_options", "no-pty,from=\"10.0.0.1\""), deploy(keysFile(file)));
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
        assertThat(p.change().details()).containsExactly("key already present");
        assertThat(module.registered(new HostRun(dir).parse(module, Map.of("user", "deploy", "key", C)), p, null))
                .containsEntry("keyfile", "/home/deploy/.ssh/authorized_keys");
    }

    @Test
    void aNewCommentRewritesTheKeyAtTheEndAsAnsibleDoes() {
        Planned p = plan(Map.of("user", "deploy", "key", A, "comment", "alice@desk"), deploy(keysFile(A + "\n" + C + "\n")));
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().details()).singleElement().asString().startsWith("update key ").endsWith("(comment alice@laptop -> alice@desk)");
        assertThat(after(p)).isEqualTo(C + "\n" + A.replace("alice@laptop", "alice@desk") + "\n");
        assertThat(p.change().diff()).contains("-" + A, "+" + A.replace("alice@laptop", "alice@desk"));
    }

    @Test
    void exclusiveRemovesEveryOtherKeyAndComment() {
        Planned p = plan(Map.of("user", "deploy", "key", B, "exclusive", true), deploy(keysFile("# managed\n" + A + "\n" + B + " \n")));
        assertThat(p.change().details()).hasSize(2).allMatch(d -> d.endsWith("(exclusive)"));
        assertThat(after(p)).isEqualTo(B + " \n");
    }

    @Test
    void absentRemovesTheKeyWhateverItsOptionsAndKeepsOthers() {
        Planned p = plan(Map.of("user", "deploy", "key", C, "state", "absent"), deploy(keysFile("no-pty " + C + "\n" + A + "\n")));
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(after(p)).isEqualTo(A + "\n");
        Planned again = plan(Map.of("user", "deploy", "key", C, "state", "absent"), deploy(keysFile(A + "\n")));
        assertThat(again.change().details()).containsExactly("key already absent");
    }

    @Test
    void aWrongModeIsFixedOnlyWhenTheKeysChangeAsWithAnsible() {
        byte[] b = (A + "\n").getBytes(StandardCharsets.UTF_8);
        FileState loose = new FileState.Present(FileState.Kind.FILE, 0644, "root", "root", b.length, 1, 2, null, b, FileQuery.sha1(b), 0, 0);
        assertThat(plan(Map.of("user", "deploy", "key", A), deploy(loose)).change().action()).isEqualTo(Action.NO_OP);
        Planned p = plan(Map.of("user", "deploy", "key", B), deploy(loose));
        assertThat(p.change().details()).contains("mode 0644 -> 0600", "owner root -> deploy");
    }

    @Test
    void missingUserAndBadKeysFailWithAnsiblesMessages() {
        assertThatThrownBy(() -> plan(Map.of("user", "deploy", "key", A), UserState.ABSENT))
                .isInstanceOf(PlanException.class).hasMessage("Failed to lookup user deploy: 'getpwnam(): name not found: deploy'");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("user", "deploy", "key", "not-a-key AAAA")))
                .isInstanceOf(ArgException.class).hasMessage("invalid key specified: not-a-key AAAA");
        UserState.Present noHome = new UserState.Present("deploy", 1500, 1500, "deploy", List.of(), "", "/home/deploy", "/bin/sh", "",
                false, FileState.ABSENT, FileState.ABSENT);
        assertThatThrownBy(() -> plan(Map.of("user", "deploy", "key", A), noHome)).isInstanceOf(PlanException.class)
                .hasMessageStartingWith("Failed to create directory /home/deploy/.ssh");
    }

    @Test
    void anExplicitPathUsesItsOwnFacts() {
        Planned p = module.plan(new HostRun(dir).parse(module, Map.of("user", "deploy", "key", A, "path", "/etc/ssh/keys/deploy", "manage_dir", false)),
                HostRun.facts(Map.of(new UserQuery("deploy"), deploy(FileState.ABSENT), new FileQuery("/etc/ssh/keys/deploy", true), FileState.ABSENT,
                        new FileQuery("/etc/ssh/keys", false), FileState.ABSENT)));
        assertThat(p.change().steps()).hasSize(1);
        assertThat(after(p)).isEqualTo(A + "\n");
    }

    @Test
    void appliedToAnExplicitPathTheFileHoldsTheKeysWithMode0600AndItsDirectoryIsMade() throws Exception {
        Path file = dir.resolve("keys/root");
        HostRun host = new HostRun(dir);
        var a = host.parse(module, Map.of("user", "root", "key", A + "\n" + B + "\n", "path", file.toString(), "manage_dir", false));
        assertThat(host.apply(module, a).change().action()).isEqualTo(Action.CREATE);
        assertThat(Files.readString(file)).isEqualTo(A + "\n" + B + " \n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.getOwner(file).getName()).isEqualTo("root");
        try (var left = Files.list(file.getParent())) {
            assertThat(left).as("no temporary file is left beside it").containsExactly(file);
        }
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }
}
