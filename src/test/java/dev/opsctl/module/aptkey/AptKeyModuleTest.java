package dev.opsctl.module.aptkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.geturl.Downloads;
import dev.opsctl.plan.Action;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files made with gpg (test resources): an armored and a binary one. */
class AptKeyModuleTest {
    private static final String VENDOR = "2DC62EC286CB49F9C3EA5966B0CA21F91C568822";
    private static final String OTHER = "AFCB9833838CBA17FBD7DC2E78D080485ECFFADE";

    private final AptKeyModule module = new AptKeyModule(new Downloads());

    @TempDir
    Path dir;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = AptKeyModuleTest.class.getResourceAsStream("/aptkey/" + name)) {
            return in.readAllBytes();
        }
    }

    private static FileState.Present file(byte[] content) {
        return new FileState.Present(FileState.Kind.FILE, 0644, "root", "root", content.length, 1, 2, null, content, FileQuery.sha1(content), 0, 0);
    }

    private Planned plan(Map<String, Object> raw, Map<FactQuery<?>, Object> facts) {
        AptKeyModule.KeyArgs a = new HostRun(dir).parse(module, raw);
        Map<FactQuery<?>, Object> all = new HashMap<>();
        for (FactQuery<?> q : module.facts(a)) all.put(q, q instanceof FileQuery ? FileState.ABSENT : new LinkedHashMap<>());
        all.putAll(facts);
        return module.plan(a, HostRun.facts(all));
    }

    private static FileState dir() {
        return new FileState.Present(FileState.Kind.DIRECTORY, 0755, "root", "root", 4096, 1, 2, null, null, null, 0, 0);
    }

    @Test
    void keysAreReadFromArmoredAndBinaryFilesAndArmoredAsGpgDoes() throws Exception {
        byte[] asc = resource("vendor.asc");
        OpenPgpKeys.PublicKey vendor = OpenPgpKeys.read(asc).get(0);
        assertThat(vendor.fingerprint()).isEqualTo(VENDOR);
        assertThat(vendor.keyId()).isEqualTo("B0CA21F91C568822");
        assertThat(vendor.userId()).isEqualTo("opsctl test vendor <vendor@example.org>");
        assertThat(vendor.matches("1C568822")).isTrue();
        assertThat(OpenPgpKeys.read(resource("other.gpg"))).singleElement().extracting(OpenPgpKeys.PublicKey::fingerprint).isEqualTo(OTHER);
        assertThat(OpenPgpKeys.armor(OpenPgpKeys.dearmor(asc))).isEqualTo(new String(asc, StandardCharsets.US_ASCII));
        assertThat(OpenPgpKeys.readLeniently("not a key".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void dataGoesToTheNamedKeyringAndAKnownIdIsNoChange() throws Exception {
        String asc = new String(resource("vendor.asc"), StandardCharsets.US_ASCII);
        Planned p = plan(Map.of("data", asc, "keyring", "/etc/apt/keyrings/vendor.asc"), Map.of(new FileQuery("/etc/apt/keyrings", false), dir()));
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().details()).containsExactly("add key B0CA21F91C568822 (opsctl test vendor <vendor@example.org>) to /etc/apt/keyrings/vendor.asc");
        assertThat(new String(p.change().steps().get(0).stdin(), StandardCharsets.US_ASCII)).isEqualTo(asc);

        // The id is found before any download: the URL is never fetched.
        Planned known = plan(Map.of("id", "0x1c568822", "url", "http://127.0.0.1:9/never", "keyring", "/etc/apt/keyrings/vendor.asc"),
                Map.of(new FileQuery("/etc/apt/keyrings/vendor.asc", true), file(asc.getBytes(StandardCharsets.US_ASCII))));
        assertThat(known.change().action()).isEqualTo(Action.NO_OP);
        assertThat(known.change().details()).containsExactly("key 1C568822 is already in /etc/apt/keyrings/vendor.asc");
    }

    @Test
    void withoutKeyringAHostFileGoesToItsOwnTrustedFileUnlessAnyTrustedKeyringHasIt() throws Exception {
        byte[] other = resource("other.gpg");
        Planned p = plan(Map.of("file", "/tmp/other.gpg", "id", OTHER), Map.of(new FileQuery("/tmp/other.gpg", true), file(other)));
        assertThat(p.change().summary()).isEqualTo("apt key " + OTHER);
        assertThat(p.change().steps().get(0).stdin()).isEqualTo(other);
        assertThat(p.predicted()).extracting(u -> u.query().key()).contains("file:/etc/apt/trusted.gpg.d/" + OTHER + ".gpg");
        Map<String, FileState.Present> trusted = Map.of("/etc/apt/trusted.gpg.d/debian.gpg", file(other));
        assertThat(plan(Map.of("file", "/tmp/other.gpg"), Map.of(new FileQuery("/tmp/other.gpg", true), file(other), AptKeyModule.TRUSTED, trusted))
                .change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void absentRemovesOnlyTheMatchingKeyAndAnEmptiedFile() throws Exception {
        byte[] vendor = OpenPgpKeys.dearmor(resource("vendor.asc"));
        byte[] other = resource("other.gpg");
        byte[] both = java.util.Arrays.copyOf(vendor, vendor.length + other.length);
        System.arraycopy(other, 0, both, vendor.length, other.length);
        Map<String, FileState.Present> trusted = new LinkedHashMap<>();
        trusted.put("/etc/apt/trusted.gpg.d/both.gpg", file(both));
        trusted.put("/etc/apt/trusted.gpg.d/other.gpg", file(other));
        Planned p = plan(Map.of("id", "78D080485ECFFADE", "state", "absent"), Map.of(AptKeyModule.TRUSTED, trusted));
        assertThat(p.change().action()).isEqualTo(Action.DELETE);
        assertThat(p.change().steps().get(0).stdin()).isEqualTo(vendor);
        assertThat(p.change().steps().get(1).script()).isEqualTo("rm -f -- /etc/apt/trusted.gpg.d/other.gpg");
        assertThat(plan(Map.of("id", "DEADBEEF", "state", "absent"), Map.of(AptKeyModule.TRUSTED, trusted)).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void wrongIdsAndUnsupportedArgumentsAreErrors() throws Exception {
        String asc = new String(resource("vendor.asc"), StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> plan(Map.of("data", asc, "id", "DEADBEEF"), Map.of()))
                .isInstanceOf(PlanException.class).hasMessage("key DEADBEEF is not in the key from data");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("id", "abc", "data", asc)))
                .isInstanceOf(ArgException.class).hasMessageContaining("8, 16, or 40");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("id", VENDOR, "keyserver", "keyserver.ubuntu.com")))
                .isInstanceOf(ArgException.class).hasMessageContaining("keyserver");
    }

    @Test
    void aWrittenKeyringIsOneGpgReads() throws Exception {
        HostRun run = new HostRun(dir);
        Path keyring = dir.resolve("vendor.gpg");
        AptKeyModule.KeyArgs a = run.parse(module, Map.of("data", new String(resource("vendor.asc"), StandardCharsets.US_ASCII), "keyring", keyring.toString()));
        run.apply(module, a);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keyring))).as("apt reads it as _apt")
                .isEqualTo("rw-r--r--");
        assertThat(run.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
        Process gpg = new ProcessBuilder("gpg", "--homedir", Files.createDirectories(dir.resolve("gnupg")).toString(), "--show-keys",
                "--with-colons", keyring.toString()).redirectErrorStream(true).start();
        String out = new String(gpg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gpg.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("fpr:::::::::" + VENDOR + ":");
    }
}
