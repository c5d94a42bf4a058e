package dev.opsctl.module.fetch;

import dev.opsctl.module.PlanException;
import dev.opsctl.transport.Connection;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Payload;
import dev.opsctl.transport.Shell;
import dev.opsctl.transport.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * fetch's controller side: the host's file streamed in one exec (its content, then its SHA-1) into a temp file in the
 * destination's directory, digested as it is written, checked, then renamed over the destination: never a partial
 * file at its name, and never the whole file in memory. A transfer that breaks leaves neither file behind.
 */
final class LocalWrite {
    private LocalWrite() {}

    /** The SHA-1 of the controller's file at {@code dest}, null when there is no regular file there. */
    static String sha1Of(String dest) {
        Path p = Path.of(dest);
        if (Files.isDirectory(p)) throw new PlanException("dest " + dest + " is a directory on the controller");
        if (!Files.isRegularFile(p)) return null;
        try {
            return digestOf(p, "SHA-1");
        } catch (IOException e) {
            throw new PlanException("cannot read " + dest + ": " + e.getMessage());
        }
    }

    static String md5Of(String dest) {
        try {
            return Files.isRegularFile(Path.of(dest)) ? digestOf(Path.of(dest), "MD5") : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Streams {@code src} from the host into {@code dest}; stdout "SHA1 MD5" of what was written, or a failure. */
    static ExecResult fetch(Connection conn, String src, String dest, boolean validate) throws TransportException {
        // The checksum is taken after the content went: a file that changed while it travelled does not match it.
        String script = "p=" + Shell.path(src) + "; if [ -d \"$p\" ]; then echo '" + FetchModule.DIRECTORY + "' >&2; exit 1; fi; "
                + "cat < \"$p\" || exit 1; s=$(sha1sum < \"$p\") || exit 1; echo \"${s%% *}\" >&2";
        Path target = Path.of(dest);
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = target.resolveSibling(".opsctl-fetch-" + UUID.randomUUID() + ".tmp");
            DigestingFile written = new DigestingFile(tmp);
            ExecResult read;
            try (written) {
                read = conn.execInto(script, Payload.EMPTY, written);
            }
            if (written.failure() != null) return failure("Failed to fetch the file: cannot write " + tmp + ": " + written.failure().getMessage());
            if (!read.ok()) return read;
            String remoteSha1 = lastLine(read.err());
            if (validate && !written.sha1().equals(remoteSha1)) return failure("checksum mismatch");
            // Rewriting a file in place keeps its mode; the rename must too.
            if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                return failure("Failed to fetch the file: cannot rename into " + target + " atomically");
            }
            tmp = null;
            return new ExecResult(0, (written.sha1() + " " + written.md5() + "\n").getBytes(StandardCharsets.UTF_8), new byte[0]);
        } catch (IOException e) {
            return failure("Failed to fetch the file: " + e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Nothing is at the destination's name; a stray temp file is all that can be left.
                }
            }
        }
    }

    /** The last non-blank line of {@code text}: the checksum the script printed after anything sudo said. */
    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static ExecResult failure(String msg) {
        return new ExecResult(1, new byte[0], msg.getBytes(StandardCharsets.UTF_8));
    }

    private static String digestOf(Path file, String algorithm) throws IOException {
        MessageDigest md = digest(algorithm);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }
}
