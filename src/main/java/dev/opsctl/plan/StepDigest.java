package dev.opsctl.plan;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The digests a plan keeps of a step. A script's temp-file names are random on every render
 * ({@code module/files/FileWrite}), so they are left out of its digest: two renders of the same write compare equal.
 */
public final class StepDigest {
    private static final Pattern TEMP_NAME = Pattern.compile("\\.opsctl\\.[0-9a-f]{16}");

    private StepDigest() {}

    /** The digest of a script, temp-file names aside, with {@code digest} (SHA-256, or keyed for sensitive steps). */
    public static String script(String script, Function<byte[], String> digest) {
        return digest.apply(TEMP_NAME.matcher(script).replaceAll(".opsctl.TEMP").getBytes(StandardCharsets.UTF_8));
    }

    public static String content(byte[] content, Function<byte[], String> digest) {
        return digest.apply(content);
    }

    /** Plain SHA-256, lowercase hex: for steps the plan holds in full, so nothing is hidden by it. */
    public static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
