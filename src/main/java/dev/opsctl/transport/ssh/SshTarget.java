package dev.opsctl.transport.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach one host over SSH, as its inventory variables say.
 *
 * @param name the inventory name, used in every message about the host
 * @param identityFiles private keys to offer; empty means the defaults {@code ~/.ssh/id_ed25519, id_ecdsa, id_rsa}
 *     (those that exist)
 * @param password for password authentication ({@code ansible_password}), or null
 * @param jump a host to tunnel through (ProxyJump), or null
 * @param proxyCommand a command on this machine whose standard input and output carry the session (ProxyCommand,
 *     its %-tokens expanded), or null
 */
public record SshTarget(String name, String hostname, int port, String user, List<Path> identityFiles, String password,
                        Duration connectTimeout, Duration keepAlive, SshTarget jump, String proxyCommand) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);

    public SshTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(user, "user");
        if (port < 1 || port > 65535) throw new IllegalArgumentException(name + ": port " + port + " is not in 1..65535");
        identityFiles = List.copyOf(identityFiles);
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        keepAlive = keepAlive == null ? DEFAULT_KEEP_ALIVE : keepAlive;
    }

    /** A target without a ProxyCommand. */
    public SshTarget(String name, String hostname, int port, String user, List<Path> identityFiles, String password,
                     Duration connectTimeout, Duration keepAlive, SshTarget jump) {
        this(name, hostname, port, user, identityFiles, password, connectTimeout, keepAlive, jump, null);
    }

    /** A target with default keys, timeouts and no password or jump host. */
    public static SshTarget of(String name, String hostname, int port, String user) {
        return new SshTarget(name, hostname, port, user, List.of(), null, null, null, null);
    }

    /**
     * A target from Ansible's connection variables: {@code ansible_host} (default: the name),
     * {@code ansible_port} (22), {@code ansible_user} (the local user), {@code ansible_ssh_private_key_file},
     * {@code ansible_password} (or its older name {@code ansible_ssh_pass}).
     */
    public static SshTarget fromVars(String name, Map<String, ?> vars) {
        String hostname = string(vars, "ansible_host", name);
        String portText = string(vars, "ansible_port", "22");
        int port;
        try {
            port = Integer.parseInt(portText.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": ansible_port '" + portText + "' is not a number");
        }
        String user = string(vars, "ansible_user", System.getProperty("user.name"));
        String key = string(vars, "ansible_ssh_private_key_file", null);
        List<Path> keys = key == null ? List.of() : List.of(expandHome(key));
        String password = string(vars, "ansible_password", string(vars, "ansible_ssh_pass", null));
        return new SshTarget(name, hostname, port, user, keys, password, null, null, null);
    }

    public SshTarget withIdentityFiles(List<Path> files) {
        return new SshTarget(name, hostname, port, user, files, password, connectTimeout, keepAlive, jump, proxyCommand);
    }

    public SshTarget withPassword(String newPassword) {
        return new SshTarget(name, hostname, port, user, identityFiles, newPassword, connectTimeout, keepAlive, jump, proxyCommand);
    }

    public SshTarget withConnectTimeout(Duration timeout) {
        return new SshTarget(name, hostname, port, user, identityFiles, password, timeout, keepAlive, jump, proxyCommand);
    }

    public SshTarget withJump(SshTarget via) {
        return new SshTarget(name, hostname, port, user, identityFiles, password, connectTimeout, keepAlive, via, proxyCommand);
    }

    public SshTarget withProxyCommand(String command) {
        return new SshTarget(name, hostname, port, user, identityFiles, password, connectTimeout, keepAlive, jump, command);
    }

    /** {@code hostname:port}, as messages show the address. */
    public String address() {
        return hostname + ":" + port;
    }

    private static String string(Map<String, ?> vars, String key, String fallback) {
        Object v = vars.get(key);
        return v == null ? fallback : v.toString();
    }

    private static Path expandHome(String path) {
        return path.startsWith("~/") ? Path.of(System.getProperty("user.home"), path.substring(2)) : Path.of(path);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "SshTarget[" + name + " " + user + "@" + address() + (password == null ? "" : " password=***")
                + (jump == null ? "" : " via " + jump.name()) + (proxyCommand == null ? "" : " via ProxyCommand") + "]";
    }
}
