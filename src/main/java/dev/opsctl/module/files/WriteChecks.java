package dev.opsctl.module.files;

import dev.opsctl.facts.FileState;
import dev.opsctl.transport.Payload;
import dev.opsctl.transport.Shell;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The checks a write makes on the host before its rename, in the same script: the temp file holds exactly what the
 * controller sent, and the destination is still as it was planned. Either failing leaves the destination untouched
 * (the write's own cleanup removes the temp file) and says why on standard error.
 */
final class WriteChecks {
    /** Starts the message of a write whose temp file is short or wrong (the connection dropped while it was sent). */
    static final String INCOMPLETE = "transfer incomplete";
    /** Starts the message of a write refused because the destination changed after the facts were read. */
    static final String CHANGED = "changed since planned";

    private WriteChecks() {}

    /**
     * The temp file ({@code $tmp}) has the SHA-256 of {@code content}: a transfer cut short ends {@code cat} as
     * an end of input would, with status 0, so only the bytes themselves tell. On a mismatch the message gives the
     * size that arrived. {@code shasum -a 256} stands in where there is no {@code sha256sum} (BSD, macOS).
     */
    static String transferComplete(Payload content) {
        return "{ h=$({ sha256sum || shasum -a 256; } < \"$tmp\" 2>/dev/null) && [ \"${h%% *}\" = " + content.sha256() + " ]"
                + " || { echo \"" + INCOMPLETE + ": $(($(wc -c < \"$tmp\"))) of " + content.size()
                + " bytes arrived; the destination is unchanged\" >&2; false; }; }";
    }

    /**
     * The destination still has the state the change was planned against: still absent, or still a file with the
     * planned content (its SHA-1, as the facts read it) and, for a state read from the host, the same mode, owner and
     * group. A predicted state (an earlier task of this run writes the file; it has no inode) is checked for its
     * content only: its owner may differ where keeping one was not allowed, which is no error.
     */
    static List<String> unchangedSincePlanned(String path, FileState before) {
        String p = Shell.quote(path);
        List<String> checks = new ArrayList<>();
        if (!(before instanceof FileState.Present old)) {
            checks.add(check("[ ! -e " + p + " ] && [ ! -L " + p + " ]", path + " was created"));
            return checks;
        }
        if (old.kind() != FileState.Kind.FILE) {
            checks.add(check("{ [ -e " + p + " ] || [ -L " + p + " ]; }", path + " was removed"));
            return checks;
        }
        if (old.sha1() != null) {
            checks.add(check("[ -f " + p + " ] && [ ! -L " + p + " ] && s=$(sha1sum < " + p + ") && [ \"${s%% *}\" = "
                    + old.sha1() + " ]", "the content of " + path + " (written by something else; plan again)"));
        }
        if (old.inode() != 0 && old.mode() >= 0 && old.uid() >= 0 && old.gid() >= 0) {
            String expected = Integer.toOctalString(old.mode()) + " " + old.uid() + " " + old.gid();
            checks.add(check("s=$(" + Shell.command("stat", "-c", "%a %u %g", "--") + " " + p + ") && [ \"$s\" = "
                    + Shell.quote(expected) + " ]", "the mode or owner of " + path));
        }
        return checks;
    }

    private static String check(String test, String what) {
        return "{ " + test + " || { echo " + Shell.quote(CHANGED + ": " + what) + " >&2; false; }; }";
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
