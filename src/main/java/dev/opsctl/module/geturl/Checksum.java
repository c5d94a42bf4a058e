package dev.opsctl.module.geturl;

import dev.opsctl.transport.Payload;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.PlanException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * get_url's {@code checksum}: {@code ALGORITHM:HEX}, or {@code ALGORITHM:URL} of a checksum file (sha256sum's
 * format, or one bare digest) in which the line for the downloaded file's name gives the digest.
 */
public record Checksum(String algorithm, String hex, Downloads.Request list) {
    private static final Map<String, String> JAVA_NAMES = Map.of("md5", "MD5", "sha1", "SHA-1", "sha224", "SHA-224",
            "sha256", "SHA-256", "sha384", "SHA-384", "sha512", "SHA-512");

    public static Checksum parse(String value, Map<String, String> headers, int timeout) {
        int colon = value.indexOf(':');
        if (colon < 0) throw new ArgException("The checksum parameter has to be in format <algorithm>:<checksum>");
        String algorithm = value.substring(0, colon);
        String rest = value.substring(colon + 1);
        if (!JAVA_NAMES.containsKey(algorithm)) {
            throw new ArgException("argument 'checksum': algorithm '" + algorithm + "' is not one of " + String.join(", ", JAVA_NAMES.keySet()));
        }
        if (rest.startsWith("http://") || rest.startsWith("https://")) return new Checksum(algorithm, null, Downloads.Request.of(rest, headers, timeout));
        return new Checksum(algorithm, normalise(rest), null);
    }

    /** As get_url.py: non-word characters dropped, lower case, and it must be hex. */
    private static String normalise(String digest) {
        String s = digest.replaceAll("\\W+", "").toLowerCase(java.util.Locale.ROOT);
        if (s.isEmpty() || !s.matches("[0-9a-f]+")) throw new ArgException("The checksum format is invalid");
        return s;
    }

    /** The expected digest: given, or looked up for {@code fileName} in the downloaded checksum list. */
    public String expected(Downloads downloads, String fileName) {
        if (hex != null) return hex;
        String[] lines = new String(downloads.get(list), StandardCharsets.UTF_8).split("\n");
        if (lines.length == 1 && lines[0].strip().split("\\s+").length == 1) return normalise(lines[0]);
        for (String line : lines) {
            String[] parts = line.split(" ", 2);
            if (parts.length != 2) continue;
            String name = parts[1].startsWith(" ") || parts[1].startsWith("*") ? parts[1].substring(1) : parts[1];
            if (name.replaceFirst("^[./]+", "").equals(fileName)) return normalise(parts[0]);
        }
        throw new PlanException("Unable to find a checksum for file '" + fileName + "' in '" + list.url() + "'");
    }

    /** The digest of content that may be a file on the controller, read in bounded buffers. */
    public String digest(Payload content) {
        if (algorithm.equals("sha256")) return content.sha256();
        if (algorithm.equals("sha1")) return content.sha1();
        try (java.io.InputStream in = content.open()) {
            MessageDigest d = MessageDigest.getInstance(JAVA_NAMES.get(algorithm));
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
            return HexFormat.of().formatHex(d.digest());
        } catch (java.io.IOException e) {
            throw new PlanException("cannot read the download: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String digest(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(JAVA_NAMES.get(algorithm)).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
