package dev.opsctl.transport.ssh;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Command-line settings for every SSH host of a run; inventory variables override them per host.
 *
 * @param user       {@code -u}: the remote user when the inventory names none, or null
 * @param privateKey {@code --private-key}, or null
 * @param password   {@code --ask-pass} answer, or null
 * @param timeout    {@code --timeout}: connect timeout
 * @param config     the OpenSSH client config to honour
 */
public record SshDefaults(String user, Path privateKey, String password, Duration timeout, SshConfig config) {
    @Override
    public String toString() {
        return "SshDefaults[user=" + user + ", privateKey=" + privateKey + (password == null ? "" : ", password=***") + "]";
    }
}
