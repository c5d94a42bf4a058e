package dev.opsctl.module.fetch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A new file written as a stream, its SHA-1 and MD5 taken on the way. A write that fails is remembered
 * ({@link #failure()}) and the rest of the stream dropped, so the transfer ends and the caller can say the controller's
 * disk was at fault, not the connection.
 */
final class DigestingFile extends OutputStream {
    private final OutputStream out;
    private final MessageDigest sha1 = LocalWrite.digest("SHA-1");
    private final MessageDigest md5 = LocalWrite.digest("MD5");
    private IOException failure;
    private String sha1Hex;
    private String md5Hex;

    /** Creates {@code file}, which must not exist, with the umask's mode (as Ansible's open(dest, 'wb') makes it). */
    DigestingFile(Path file) throws IOException {
        this.out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (failure != null) return;
        try {
            out.write(b, off, len);
            sha1.update(b, off, len);
            md5.update(b, off, len);
        } catch (IOException e) {
            failure = e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            if (failure == null) failure = e;
        }
    }

    /** The first write or close that failed, or null. */
    IOException failure() {
        return failure;
    }

    /** The SHA-1 of what was written; asked once the stream is closed. */
    String sha1() {
        if (sha1Hex == null) sha1Hex = HexFormat.of().formatHex(sha1.digest());
        return sha1Hex;
    }

    /** The MD5 of what was written; asked once the stream is closed. */
    String md5() {
        if (md5Hex == null) md5Hex = HexFormat.of().formatHex(md5.digest());
        return md5Hex;
    }
}
