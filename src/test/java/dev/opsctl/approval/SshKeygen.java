package dev.opsctl.approval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs OpenSSH's real tools (ssh-keygen, ssh-agent, ssh-add) for tests: the reference the approvals must agree with. */
public final class SshKeygen {
    private SshKeygen() {}

    /** Exit code and combined output of a process fed {@code stdin}. */
    public record Result(int exitCode, String output) {}

    public static Result run(byte[] stdin, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        Thread feeder = new Thread(() -> {
            try (var in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException ignored) {
                // The tool exited without reading all of it: its exit code tells.
            }
        });
        feeder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        feeder.join();
        return new Result(p.exitValue(), out);
    }

    /** A new key pair in {@code dir} ({@code name} and {@code name.pub}); {@code type} is ed25519, rsa or ecdsa. */
    public static Path newKey(Path dir, String name, String type, String passphrase) throws IOException, InterruptedException {
        Path key = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", name, "-f", key.toString()));
        if (type.equals("rsa")) cmd.addAll(List.of("-b", "2048"));
        Result r = run(new byte[0], Map.of(), cmd.toArray(String[]::new));
        if (r.exitCode() != 0) throw new IOException("ssh-keygen failed: " + r.output());
        return key;
    }

    /** An allowed_signers line for {@code principals} and the public key of {@code key}. */
    public static String signerLine(String principals, String options, Path key) throws IOException {
        String pub = Files.readString(Path.of(key + ".pub")).strip();
        String[] f = pub.split("\\s+");
        return principals + (options.isEmpty() ? "" : " " + options) + " " + f[0] + " " + f[1] + "\n";
    }

    /** {@code ssh-keygen -Y verify}: exit 0 when {@code principal}'s signature over {@code message} is good. */
    public static Result verify(Path allowedSigners, String principal, Path signature, byte[] message) throws IOException, InterruptedException {
        return run(message, Map.of(), "ssh-keygen", "-Y", "verify", "-n", SshSignature.PLAN_NAMESPACE, "-f", allowedSigners.toString(),
                "-I", principal, "-s", signature.toString());
    }

    /** {@code ssh-keygen -Y sign}: the armored signature over {@code message}. */
    public static String sign(Path key, byte[] message, Map<String, String> env) throws IOException, InterruptedException {
        Result r = run(message, env, "ssh-keygen", "-q", "-Y", "sign", "-n", SshSignature.PLAN_NAMESPACE, "-f", key.toString());
        if (r.exitCode() != 0) throw new IOException("ssh-keygen -Y sign failed: " + r.output());
        return r.output();
    }
}
