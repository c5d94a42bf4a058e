package dev.opsctl.module.registry;

import java.util.Map;

/**
 * The names a module is known by, as Ansible resolves them. Every module answers to its short name and to
 * {@code ansible.builtin.X} and {@code ansible.legacy.X}; a module that left ansible-core for a collection also
 * answers to that collection's name ({@code ansible.posix.sysctl}), and only to that one.
 */
final class CollectionNames {
    private static final String BUILTIN = "ansible.builtin";
    private static final String LEGACY = "ansible.legacy";

    /**
     * Where ansible-core 2.14 redirects a short name (lib/ansible/config/ansible_builtin_runtime.yml), for the
     * modules real roles call; a module not listed here lives in ansible.builtin itself.
     */
    private static final Map<String, String> REDIRECTS = Map.ofEntries(
            Map.entry("sysctl", "ansible.posix"),
            Map.entry("mount", "ansible.posix"),
            Map.entry("authorized_key", "ansible.posix"),
            Map.entry("synchronize", "ansible.posix"),
            Map.entry("selinux", "ansible.posix"),
            Map.entry("seboolean", "ansible.posix"),
            Map.entry("firewalld", "ansible.posix"),
            Map.entry("acl", "ansible.posix"),
            Map.entry("at", "ansible.posix"),
            Map.entry("patch", "ansible.posix"),
            Map.entry("ufw", "community.general"),
            Map.entry("timezone", "community.general"),
            Map.entry("modprobe", "community.general"),
            Map.entry("pam_limits", "community.general"),
            Map.entry("locale_gen", "community.general"),
            Map.entry("ini_file", "community.general"),
            Map.entry("alternatives", "community.general"),
            Map.entry("make", "community.general"),
            Map.entry("npm", "community.general"),
            Map.entry("gem", "community.general"),
            Map.entry("openssl_privatekey", "community.crypto"),
            Map.entry("htpasswd", "community.general"),
            Map.entry("pamd", "community.general"));

    /** Names ansible-core gives one module twice: {@code systemd_service} is {@code systemd}. */
    private static final Map<String, String> SAME_MODULE = Map.of("systemd_service", "systemd");

    private CollectionNames() {}

    /** The short name {@code name} stands for ({@code ansible.posix.mount} -> {@code mount}), or null when it names no module of ours by a name Ansible knows. */
    static String shortName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) return SAME_MODULE.getOrDefault(name, name);
        String collection = name.substring(0, dot);
        String shortName = name.substring(dot + 1);
        // ansible.builtin.X resolves through the redirect table too, so it names collection modules as well.
        if (collection.equals(BUILTIN) || collection.equals(LEGACY)) return SAME_MODULE.getOrDefault(shortName, shortName);
        return collection.equals(REDIRECTS.get(shortName)) ? shortName : null;
    }
}
