package dev.opsctl.vault;

import dev.opsctl.config.AnsibleConfig;
import dev.opsctl.config.Environment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The vault settings Ansible reads besides the command line: {@code ANSIBLE_VAULT_PASSWORD_FILE} else
 * {@code vault_password_file}, {@code ANSIBLE_VAULT_IDENTITY_LIST} else {@code vault_identity_list}, both under
 * {@code [defaults]} of the ansible.cfg Ansible uses. Paths in ansible.cfg are relative to its directory, as Ansible
 * resolves them; paths in the environment to the working directory.
 *
 * @param passwordFile the configured password file, or null
 * @param identities   configured {@code LABEL@SOURCE} entries, which come before those of the command line
 */
public record VaultSettings(String passwordFile, List<String> identities) {
    public static VaultSettings read(Environment env) {
        AnsibleConfig cfg = AnsibleConfig.find(env);
        Path cfgDir = cfg.file() == null ? env.cwd() : cfg.dir();
        String file = env.variable("ANSIBLE_VAULT_PASSWORD_FILE");
        Path fileBase = env.cwd();
        if (isBlank(file)) {
            file = cfg.defaults("vault_password_file").orElse(null);
            fileBase = cfgDir;
        }
        String list = env.variable("ANSIBLE_VAULT_IDENTITY_LIST");
        Path listBase = env.cwd();
        if (isBlank(list)) {
            list = cfg.defaults("vault_identity_list").orElse(null);
            listBase = cfgDir;
        }
        List<String> ids = new ArrayList<>();
        if (!isBlank(list)) {
            for (String entry : list.split(",")) {
                if (!entry.isBlank()) ids.add(resolveSource(entry.strip(), listBase, env));
            }
        }
        return new VaultSettings(isBlank(file) ? null : resolve(file.strip(), fileBase, env).toString(), ids);
    }

    private static String resolveSource(String entry, Path base, Environment env) {
        int at = entry.indexOf('@');
        String source = at < 0 ? entry : entry.substring(at + 1);
        if (source.equals("prompt") || source.equals("prompt_ask_vault_pass")) return entry;
        return (at < 0 ? "" : entry.substring(0, at + 1)) + resolve(source, base, env);
    }

    private static Path resolve(String path, Path base, Environment env) {
        return path.startsWith("~") ? env.home().resolve(path.substring(1).replaceFirst("^/", "")) : base.resolve(path);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
