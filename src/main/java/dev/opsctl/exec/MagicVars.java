package dev.opsctl.exec;

import dev.opsctl.config.AnsibleConfig;
import dev.opsctl.playbook.Play;
import dev.opsctl.playbook.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ansible's magic variables that depend on the play and on the tool, not on the host. */
final class MagicVars {
    /** The ansible-core release whose behaviour opsctl follows: roles compare {@code ansible_version} against it. */
    static final List<Integer> ANSIBLE_VERSION = List.of(2, 14, 18);

    private MagicVars() {}

    static Map<String, Object> ofPlay(Play play) {
        Map<String, Object> m = new LinkedHashMap<>();
        String full = ANSIBLE_VERSION.get(0) + "." + ANSIBLE_VERSION.get(1) + "." + ANSIBLE_VERSION.get(2);
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("string", full);
        version.put("full", full);
        version.put("major", ANSIBLE_VERSION.get(0));
        version.put("minor", ANSIBLE_VERSION.get(1));
        version.put("revision", ANSIBLE_VERSION.get(2));
        m.put("ansible_version", version);
        m.put("ansible_play_name", play.displayName());
        List<String> roles = play.staticRoles().stream().map(Role::name).distinct().toList();
        m.put("role_names", roles);
        m.put("ansible_role_names", roles);
        AnsibleConfig.get().found().ifPresent(f -> m.put("ansible_config_file", f.toString()));
        return m;
    }
}
