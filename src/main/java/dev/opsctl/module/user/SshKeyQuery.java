package dev.opsctl.module.user;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.UserQuery;
import dev.opsctl.transport.Shell;

/**
 * The SSH key pair user's generate_ssh_key manages: {@code file} as given, or under the user's home from passwd when
 * relative ({@code fallbackHome} for a user that does not exist yet); whether the private and public files exist,
 * the public key and {@code ssh-keygen -l}'s fingerprint, which Ansible returns.
 */
public record SshKeyQuery(String user, String file, String fallbackHome) implements FactQuery<SshKeyQuery.KeyPair> {
    /** The key files at {@code path}; {@code fingerprint} and {@code publicKey} are null when unknown. */
    public record KeyPair(String path, boolean privateExists, boolean publicExists, String fingerprint, String publicKey) {}

    @Override
    public String key() {
        return "ssh-key:" + user + ":" + file + ":" + fallbackHome;
    }

    @Override
    public String script() {
        // The home is passwd's sixth field: strip the five before it (a GECOS field holds no colon).
        return "f=" + Shell.quote(file) + "; case $f in /*) ;; *) pw=$(" + UserQuery.passwdLine(Shell.quote(user)) + "); "
                + "if [ -n \"$pw\" ]; then r=${pw#*:*:*:*:*:}; h=${r%%:*}; else h=" + Shell.quote(fallbackHome) + "; fi; "
                + "f=$h/$f;; esac; printf 'path %s\\n' \"$f\"; "
                + "if [ -e \"$f\" ]; then echo private; if command -v ssh-keygen >/dev/null 2>&1; then "
                + "printf 'fingerprint %s\\n' \"$(ssh-keygen -l -f \"$f\" 2>&1)\"; fi; fi; "
                + "if [ -e \"$f.pub\" ]; then echo public; if [ -r \"$f.pub\" ]; then printf 'pubkey %s\\n' \"$(head -n 1 -- \"$f.pub\")\"; fi; fi";
    }

    @Override
    public KeyPair parse(String output) {
        String path = null;
        boolean priv = false;
        boolean pub = false;
        String fingerprint = null;
        String publicKey = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("path ")) path = line.substring(5);
            else if (line.equals("private")) priv = true;
            else if (line.equals("public")) pub = true;
            else if (line.startsWith("fingerprint ")) fingerprint = line.substring(12).strip();
            else if (line.startsWith("pubkey ")) publicKey = line.substring(7).strip();
        }
        if (path == null) throw new IllegalArgumentException("ssh key query for " + user + ": unexpected output: " + output);
        return new KeyPair(path, priv, pub, fingerprint, publicKey);
    }
}
