package dev.opsctl.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** allowed_signers lines read as ssh-keygen -Y verify reads them: each case is decided by both, side by side. */
class AllowedSignersTest {
    @TempDir
    static Path dir;

    private static Path key;
    private static String signature;
    private static final byte[] MESSAGE = "plan".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void signOnce() throws Exception {
        key = SshKeygen.newKey(dir, "alice", "ed25519", "");
        signature = SshKeygen.sign(key, MESSAGE, java.util.Map.of());
    }

    @ParameterizedTest(name = "{0} | {1} as {2}")
    @CsvSource(delimiter = '|', value = {
            "alice@example.com|''|alice@example.com",
            "*@example.com|''|alice@example.com",
            "'bob@example.com,alice@example.?om'|''|alice@example.com",
            "'!alice@example.com,*@example.com'|''|alice@example.com",
            "alice@example.com|namespaces=\"file,git\"|alice@example.com",
            "alice@example.com|'namespaces=\"file,opsctl-*\"'|alice@example.com",
            "alice@example.com|valid-before=\"20200101\"|alice@example.com",
            "alice@example.com|valid-after=\"20200101Z\"|alice@example.com",
            "alice@example.com|'valid-after=\"20200101\",valid-before=\"29990101120000Z\"'|alice@example.com",
            "alice@example.com|valid-after=\"29990101\"|alice@example.com",
            "alice@example.com|cert-authority|alice@example.com",
            "alice@example.com|''|bob@example.com",
    })
    void decidesAsSshKeygenDoes(String principals, String options, String principal) throws Exception {
        Path file = dir.resolve("allowed_signers");
        Files.writeString(file, "# comment\n\n" + SshKeygen.signerLine(principals, options, key));
        Path sig = dir.resolve("sig");
        Files.writeString(sig, signature);
        boolean keygen = SshKeygen.verify(file, principal, sig, MESSAGE).exitCode() == 0;
        ApprovalCheck.Verdict ours = ApprovalCheck.check(List.of(new PlanApprovals.Approval(principal, null, signature)), MESSAGE,
                AllowedSigners.read(file), "applier", Instant.now());
        assertThat(!ours.approvers().isEmpty()).as(ours.rejected().toString()).isEqualTo(keygen);
    }

    @Test
    void aBadLineIsRefusedWithItsFileAndLine() throws Exception {
        Path file = dir.resolve("bad_signers");
        Files.writeString(file, "# ok\nalice@example.com bogus=1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==\n");
        assertThatThrownBy(() -> AllowedSigners.read(file)).hasMessage(file + ":2: unknown option 'bogus' "
                + "(namespaces, valid-after, valid-before and cert-authority are known)");
        Files.writeString(file, "alice@example.com ssh-ed25519\n");
        assertThatThrownBy(() -> AllowedSigners.read(file)).hasMessageStartingWith(file + ":1: expected");
        Files.writeString(file, "alice@example.com valid-after=\"yesterday\" ssh-ed25519 AAAA\n");
        assertThatThrownBy(() -> AllowedSigners.read(file)).hasMessageContaining(file + ":1: timestamp 'yesterday'");
    }
}
