package dev.opsctl.cli;

import dev.opsctl.approval.PlanApprovals;
import dev.opsctl.approval.PlanSigner;
import dev.opsctl.approval.SshSignature;
import dev.opsctl.saved.SavedPlanFile;
import dev.opsctl.transport.ssh.SigningKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code opsctl approve FILE}: signs a saved plan with an SSH key (OpenSSH's signature format) and adds the approval to the file. */
@Command(mixinStandardHelpOptions = true, name = "approve", description = "Approve a saved plan: sign it with your SSH key "
        + "(a key file, or ssh-agent) and add the signature to the file (docs/approvals.md).", modelTransformer = ExitCode.Listed.class)
final class ApproveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PLAN_FILE", description = "The saved plan ('opsctl plan -o FILE').")
    Path file;

    @Option(names = "--key", paramLabel = "FILE", description = "Sign with this private key; a public key (.pub) signs "
            + "through ssh-agent with its private half. Default: the only key ssh-agent holds.")
    Path key;

    @Option(names = "--principal", paramLabel = "NAME", description = "Who is approving, as allowed_signers names you (default: the OS user).")
    String principal;

    @Option(names = "--signature", paramLabel = "SIG_FILE", description = "Add a signature made elsewhere "
            + "('ssh-keygen -Y sign -n opsctl-plan' over the bytes --print-signed-bytes prints) instead of signing.")
    Path signature;

    @Option(names = "--print-signed-bytes", description = "Print the exact bytes an approval signs (to check one with ssh-keygen -Y verify) and change nothing.")
    boolean printSignedBytes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PlanApprovals plan = readChecked();
        if (printSignedBytes) {
            // ASCII by construction, so the text writer passes the bytes through unchanged.
            PrintWriter out = spec.commandLine().getOut();
            out.print(new String(plan.signedBytes(), StandardCharsets.US_ASCII));
            out.flush();
            return ExitCode.OK;
        }
        String who = principal != null && !principal.isBlank() ? principal : System.getProperty("user.name");
        String armored;
        try {
            armored = signature != null ? given(plan) : PlanSigner.choose(key, SigningKeys.agentSocketFromEnv()).signPlan(plan.signedBytes()).armored();
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(ExitCode.INVALID_INPUT, "cannot sign " + file + ": " + e.getMessage());
        }
        plan.writeWith(new PlanApprovals.Approval(who, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), armored), file);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Approved " + file + " as " + who + " (" + (plan.approvals().size() + 1) + " approval(s) in the file).");
        out.flush();
        return ExitCode.OK;
    }

    /** A plan file that reads as a saved plan (its digests intact): approving a damaged plan would only defer the refusal. */
    private PlanApprovals readChecked() {
        try {
            SavedPlanFile.read(file);
            return PlanApprovals.read(file);
        } catch (IOException | RuntimeException e) {
            throw new CliException(ExitCode.INVALID_INPUT, "cannot read the saved plan " + file + ": " + e.getMessage());
        }
    }

    /** A signature made by ssh-keygen, checked to be one over this plan in the right namespace before it is added. */
    private String given(PlanApprovals plan) throws IOException {
        String text = Files.readString(signature);
        try {
            SshSignature sig = SshSignature.parse(text);
            if (!SshSignature.PLAN_NAMESPACE.equals(sig.namespace())) {
                throw new IOException(signature + " was signed for namespace '" + sig.namespace() + "'; sign with -n " + SshSignature.PLAN_NAMESPACE);
            }
            if (!sig.signs(plan.signedBytes())) {
                throw new IOException(signature + " is not a signature over this plan (sign the bytes --print-signed-bytes prints)");
            }
            return sig.armored();
        } catch (SshSignature.SignatureException e) {
            throw new IOException(signature + ": " + e.getMessage());
        }
    }
}
