package dev.opsctl.playbook;

import dev.opsctl.config.AnsibleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where roles are found, in Ansible's order: {@code roles/} beside the playbook, then {@code roles_path}
 * ({@code ANSIBLE_ROLES_PATH}, else {@code roles_path} under {@code [defaults]} in an {@code ansible.cfg} beside
 * the playbook, else Ansible's default directories), then the playbook's own directory.
 */
record RolePath(List<Path> configured, CollectionPath collections) {
    private static final List<Path> ANSIBLE_DEFAULT = List.of(
            Path.of(System.getProperty("user.home"), ".ansible", "roles"), Path.of("/usr/share/ansible/roles"), Path.of("/etc/ansible/roles"));

    static RolePath forPlaybook(Path playbookDir, String envRolesPath) {
        String envCollections = System.getenv("ANSIBLE_COLLECTIONS_PATH");
        if (envCollections == null) envCollections = System.getenv("ANSIBLE_COLLECTIONS_PATHS");
        return forPlaybook(playbookDir, envRolesPath, envCollections);
    }

    static RolePath forPlaybook(Path playbookDir, String envRolesPath, String envCollectionsPath) {
        CollectionPath collections = CollectionPath.forPlaybook(playbookDir, envCollectionsPath);
        String setting = envRolesPath;
        if (setting == null || setting.isBlank()) setting = AnsibleConfig.read(playbookDir.resolve("ansible.cfg")).defaults("roles_path").orElse(null);
        if (setting == null || setting.isBlank()) return new RolePath(ANSIBLE_DEFAULT, collections);
        List<Path> dirs = new ArrayList<>();
        for (String d : setting.split(":")) {
            if (d.isBlank()) continue;
            String expanded = d.strip().startsWith("~") ? System.getProperty("user.home") + d.strip().substring(1) : d.strip();
            dirs.add(playbookDir.resolve(expanded));
        }
        return new RolePath(dirs, collections);
    }

    /** The role directory for {@code name} used from a playbook in {@code playbookDir}, or null. */
    Path find(String name, Path playbookDir) {
        // As Ansible: a name like ns.coll.role is first a collection role, then a role directory of that name.
        if (CollectionPath.isCollectionRole(name)) {
            Path p = collections.find(name, playbookDir);
            if (p != null) return p;
        }
        if (name.contains("/")) {
            Path p = playbookDir.resolve(name);
            return Files.isDirectory(p) ? p : null;
        }
        for (Path dir : searched(playbookDir)) {
            Path p = dir.resolve(name);
            if (Files.isDirectory(p)) return p;
        }
        return null;
    }

    /** The directories searched, for an error message ("." for the current directory). */
    String describe(Path playbookDir, String name) {
        String plain = String.join(", ", searched(playbookDir).stream().map(p -> p.toString().isEmpty() ? "." : p.toString()).toList());
        return CollectionPath.isCollectionRole(name) ? collections.describe(playbookDir) + ", " + plain : plain;
    }

    List<Path> searched(Path playbookDir) {
        List<Path> all = new ArrayList<>();
        all.add(playbookDir.resolve("roles"));
        all.addAll(configured);
        all.add(playbookDir);
        return all;
    }
}
