package dev.opsctl.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The vault settings Ansible reads besides the command line: {@code ANSIBLE_VAULT_PASSWORD_FILE} else
 * {@code vault_password_file}, {@code ANSIBLE_VAULT_IDENTITY_LIST} else {@code vault_identity_list}, both under
 * {@code [defaults]} of the ansible.cfg Ansible would use ({@code ANSIBLE_CONFIG}, ./ansible.cfg, ~/.ansible.cfg,
 * /etc/ansible/ansible.cfg). Paths in ansible.cfg are relative to its directory, as Ansible resolves them.
 *
 * @param passwordFile the configured password file, or null
 * @param identities   configured {@code LABEL@SOURCE} entries, which come before those of the command line
 */
public record VaultSettings(String passwordFile, List<String> identities) {
    public static VaultSettings read(Map<String, String> env, Path cwd) {
        Path cfg = configFile(env, cwd);
        Path base = cfg == null ? cwd : cfg.toAbsolutePath().getParent();
        String file = env.get("ANSIBLE_VAULT_PASSWORD_FILE");
        if (isBlank(file)) {
            String fromCfg = cfg == null ? null : setting(cfg, "vault_password_file");
            file = isBlank(fromCfg) ? null : base.resolve(expandHome(fromCfg.strip())).toString();
        }
        String list = env.get("ANSIBLE_VAULT_IDENTITY_LIST");
        Path listBase = cwd;
        if (isBlank(list) && cfg != null) {
            list = setting(cfg, "vault_identity_list");
            listBase = base;
        }
        List<String> ids = new ArrayList<>();
        if (!isBlank(list)) {
            for (String entry : list.split(",")) {
                if (entry.isBlank()) continue;
                ids.add(resolveSource(entry.strip(), listBase));
            }
        }
        return new VaultSettings(isBlank(file) ? null : expandHome(file), ids);
    }

    /** The ansible.cfg Ansible would read, or null. */
    static Path configFile(Map<String, String> env, Path cwd) {
        String given = env.get("ANSIBLE_CONFIG");
        if (!isBlank(given)) {
            Path p = Path.of(expandHome(given));
            if (Files.isDirectory(p)) p = p.resolve("ansible.cfg");
            return Files.isRegularFile(p) ? p : null;
        }
        for (Path p : List.of(cwd.resolve("ansible.cfg"), Path.of(System.getProperty("user.home"), ".ansible.cfg"),
                Path.of("/etc/ansible/ansible.cfg"))) {
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    private static String resolveSource(String entry, Path base) {
        int at = entry.indexOf('@');
        if (at < 0) return entry;
        String source = entry.substring(at + 1);
        if (source.equals("prompt") || source.equals("prompt_ask_vault_pass")) return entry;
        return entry.substring(0, at + 1) + base.resolve(expandHome(source));
    }

    /** {@code key} under {@code [defaults]} of an INI file, or null. */
    private static String setting(Path cfg, String key) {
        List<String> lines;
        try {
            lines = Files.readAllLines(cfg);
        } catch (IOException e) {
            return null;
        }
        boolean inDefaults = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                inDefaults = line.equals("[defaults]");
            } else if (inDefaults && line.matches(java.util.regex.Pattern.quote(key) + "\\s*[=:].*")) {
                return line.substring(line.indexOf(line.contains("=") ? '=' : ':') + 1).strip();
            }
        }
        return null;
    }

    private static String expandHome(String p) {
        return p.startsWith("~") ? System.getProperty("user.home") + p.substring(1) : p;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
