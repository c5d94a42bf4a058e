package dev.opsctl.module.geturl;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;

/** The hex digest of a regular file with coreutils' {@code ALGOsum} (md5, sha1, sha224, sha256, sha384, sha512); null when there is no such file. */
public record ChecksumQuery(String path, String algorithm) implements FactQuery<String> {
    @Override
    public String key() {
        return "checksum:" + algorithm + ":" + path;
    }

    @Override
    public String script() {
        String p = Shell.path(path);
        return "if [ -f " + p + " ]; then s=$(" + Shell.command(algorithm + "sum") + " < " + p + ") && printf '%s\\n' \"${s%% *}\"; fi";
    }

    @Override
    public String parse(String output) {
        String s = output.strip();
        return s.isEmpty() ? null : s;
    }
}
