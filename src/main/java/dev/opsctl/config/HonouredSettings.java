package dev.opsctl.config;

import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The connection, fork and become settings of {@code ansible.cfg} (or their {@code ANSIBLE_*} variables) that
 * opsctl honours, typed. The command line beats them, and they beat opsctl's defaults; a host's inventory variables
 * ({@code ansible_user}, {@code ansible_ssh_private_key_file}, {@code ansible_become*}) beat them for that host, as
 * in Ansible. A value that is not of its type is an error naming where it was set, not a silent default.
 */
public record HonouredSettings(AnsibleConfig cfg) {
    /** {@code [section] key} of each setting here, for {@link AnsibleConfig#HONOURED}. */
    static final Set<String> KEYS = Set.of("defaults.forks", "defaults.remote_user", "defaults.private_key_file",
            "defaults.host_key_checking", "defaults.timeout", "privilege_escalation.become",
            "privilege_escalation.become_user", "privilege_escalation.become_method", "privilege_escalation.become_ask_pass");

    /** The only become method opsctl has. */
    public static final String SUDO = "sudo";

    /** The settings of this process's configuration. */
    public static HonouredSettings current() {
        return new HonouredSettings(AnsibleConfig.get());
    }

    public Optional<Integer> forks() {
        return positive("defaults", "forks", "ANSIBLE_FORKS");
    }

    public Optional<String> remoteUser() {
        return text("defaults", "remote_user", "ANSIBLE_REMOTE_USER");
    }

    /** {@code private_key_file}: {@code ~} expanded; a relative path from the file's directory, as Ansible resolves it. */
    public Optional<Path> privateKeyFile() {
        return text("defaults", "private_key_file", "ANSIBLE_PRIVATE_KEY_FILE").map(v -> {
            Path p = Path.of(v.startsWith("~/") ? System.getProperty("user.home") + v.substring(1) : v);
            boolean fromFile = cfg.env().get("ANSIBLE_PRIVATE_KEY_FILE") == null;
            return p.isAbsolute() || !fromFile || cfg.file() == null ? p : cfg.dir().resolve(p);
        });
    }

    public Optional<Boolean> hostKeyChecking() {
        return bool("defaults", "host_key_checking", "ANSIBLE_HOST_KEY_CHECKING");
    }

    /** {@code timeout}: the SSH connect timeout in seconds. */
    public Optional<Integer> timeout() {
        return positive("defaults", "timeout", "ANSIBLE_TIMEOUT");
    }

    public Optional<Boolean> become() {
        return bool("privilege_escalation", "become", "ANSIBLE_BECOME");
    }

    public Optional<String> becomeUser() {
        return text("privilege_escalation", "become_user", "ANSIBLE_BECOME_USER");
    }

    /** {@code become_method}: only sudo is honoured; another method is refused, never replaced by sudo silently. */
    public Optional<String> becomeMethod() {
        Optional<String> method = text("privilege_escalation", "become_method", "ANSIBLE_BECOME_METHOD");
        if (method.isPresent() && !method.get().equals(SUDO)) {
            throw new InputException(at("privilege_escalation", "become_method", "ANSIBLE_BECOME_METHOD"),
                    "become_method '" + method.get() + "' is not supported: opsctl becomes another user with sudo only");
        }
        return method;
    }

    public Optional<Boolean> becomeAskPass() {
        return bool("privilege_escalation", "become_ask_pass", "ANSIBLE_BECOME_ASK_PASS");
    }

    /** Where a setting comes from, for messages: the variable, or the file and {@code [section] key}. */
    public Source at(String section, String key, String envName) {
        if (envName != null && cfg.env().get(envName) != null) return Source.of(envName);
        return Source.of((cfg.file() == null ? "ansible.cfg" : cfg.file().toString()) + ": [" + section + "] " + key);
    }

    private Optional<String> text(String section, String key, String envName) {
        return cfg.setting(section, key, envName).map(String::strip).filter(v -> !v.isEmpty());
    }

    /**
     * Ansible's booleans (yes/no, true/false, on/off, 1/0, y/n, t/f; any case). Ansible reads anything else as
     * false; opsctl refuses it, since a misspelt {@code host_key_checking} would otherwise weaken host key checks.
     */
    private Optional<Boolean> bool(String section, String key, String envName) {
        return text(section, key, envName).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on", "1", "y", "t", "1.0" -> true;
            case "no", "false", "off", "0", "n", "f", "0.0" -> false;
            default -> throw new InputException(at(section, key, envName), key + " must be a boolean (True or False), not '" + v + "'");
        });
    }

    private Optional<Integer> positive(String section, String key, String envName) {
        return text(section, key, envName).map(v -> {
            try {
                int n = Integer.parseInt(v);
                if (n > 0) return n;
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new InputException(at(section, key, envName), key + " must be a whole number above 0, not '" + v + "'");
        });
    }
}
