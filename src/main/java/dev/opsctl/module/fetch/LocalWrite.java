package dev.opsctl.module.fetch;

import dev.opsctl.transport.Connection;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Shell;
import dev.opsctl.transport.TransportException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * fetch's controller side: the host's file read in one exec (its SHA-1 and its content), checked, written to a temp
 * file in the destination's directory, checked again, then renamed over the destination: never a partial file at its
 * name. The content is held in memory while it travels.
 */
final class LocalWrite {
    private LocalWrite() {}

    /** The SHA-1 of the controller's file at {@code dest}, null when there is no regular file there. */
    static String sha1Of(String dest) {
        Path p = Path.of(dest);
        if (Files.isDirectory(p)) throw new dev.opsctl.module.PlanException("dest " + dest + " is a directory on the controller");
        if (!Files.isRegularFile(p)) return null;
        try {
            return digest("SHA-1", Files.readAllBytes(p));
        } catch (IOException e) {
            throw new dev.opsctl.module.PlanException("cannot read " + dest + ": " + e.getMessage());
        }
    }

    static String md5Of(String dest) {
        try {
            return Files.isRegularFile(Path.of(dest)) ? digest("MD5", Files.readAllBytes(Path.of(dest))) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads {@code src} from the host and writes it to {@code dest}; stdout "SHA1 MD5" of what was written, or a failure. */
    static ExecResult fetch(Connection conn, String src, String dest, boolean validate) throws TransportException {
        String script = "p=" + Shell.path(src) + "; if [ -d \"$p\" ]; then echo '" + FetchModule.DIRECTORY + "' >&2; exit 1; fi; "
                + "s=$(sha1sum < \"$p\") || exit 1; echo \"${s%% *}\"; base64 < \"$p\"";
        ExecResult read = conn.exec(script);
        if (!read.ok()) return read;
        String out = read.out();
        int nl = out.indexOf('\n');
        String remoteSha1 = out.substring(0, Math.max(nl, 0)).strip();
        byte[] content = Base64.getMimeDecoder().decode(out.substring(nl + 1));
        String sha1 = digest("SHA-1", content);
        if (validate && !sha1.equals(remoteSha1)) return failure("checksum mismatch");
        Path target = Path.of(dest);
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = target.resolveSibling(".opsctl-fetch-" + UUID.randomUUID() + ".tmp");
            // CREATE_NEW with no attributes: the umask's mode, as Ansible's open(dest, 'wb') gives a new file.
            try (OutputStream os = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                os.write(content);
            }
            // Rewriting a file in place keeps its mode; the rename must too.
            if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
            if (validate && !digest("SHA-1", Files.readAllBytes(tmp)).equals(remoteSha1)) return failure("checksum mismatch");
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                return failure("Failed to fetch the file: cannot rename into " + target + " atomically");
            }
            tmp = null;
            return new ExecResult(0, (sha1 + " " + digest("MD5", content) + "\n").getBytes(StandardCharsets.UTF_8), new byte[0]);
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

    private static ExecResult failure(String msg) {
        return new ExecResult(1, new byte[0], msg.getBytes(StandardCharsets.UTF_8));
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
