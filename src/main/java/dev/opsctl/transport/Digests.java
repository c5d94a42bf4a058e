package dev.opsctl.transport;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-1 and SHA-256 of a stream in one pass of 64 KiB reads. */
final class Digests {
    private Digests() {}

    static String[] of(InputStream in) throws IOException {
        MessageDigest sha1 = digest("SHA-1");
        MessageDigest sha256 = digest("SHA-256");
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
            sha1.update(buf, 0, n);
            sha256.update(buf, 0, n);
        }
        return new String[] {HexFormat.of().formatHex(sha1.digest()), HexFormat.of().formatHex(sha256.digest())};
    }

    static String hex(String algorithm, byte[] bytes) {
        return HexFormat.of().formatHex(digest(algorithm).digest(bytes));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }
}
