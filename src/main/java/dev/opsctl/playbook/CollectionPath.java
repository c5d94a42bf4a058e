package dev.opsctl.playbook;

import dev.opsctl.config.AnsibleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a collection role ({@code namespace.collection.role}) is found, in Ansible's order: the
 * {@code collections/} directory beside the playbook, then the collections path ({@code ANSIBLE_COLLECTIONS_PATH}
 * or {@code ANSIBLE_COLLECTIONS_PATHS}, else {@code collections_path}/{@code collections_paths} under
 * {@code [defaults]} in an {@code ansible.cfg} beside the playbook, else Ansible's default directories). Each
 * entry holds {@code ansible_collections/NAMESPACE/COLLECTION/roles/ROLE}; an entry that already ends in
 * {@code ansible_collections} is used as it is, as Ansible does.
 */
record CollectionPath(List<Path> configured) {
    private static final List<Path> ANSIBLE_DEFAULT = List.of(
            Path.of(System.getProperty("user.home"), ".ansible", "collections"), Path.of("/usr/share/ansible/collections"));

    static CollectionPath forPlaybook(Path playbookDir, String envSetting) {
        String setting = envSetting;
        if (setting == null || setting.isBlank()) {
            AnsibleConfig cfg = AnsibleConfig.read(playbookDir.resolve("ansible.cfg"));
            setting = cfg.defaults("collections_path").or(() -> cfg.defaults("collections_paths")).orElse(null);
        }
        if (setting == null || setting.isBlank()) return new CollectionPath(ANSIBLE_DEFAULT);
        List<Path> dirs = new ArrayList<>();
        for (String d : setting.split(":")) {
            if (d.isBlank()) continue;
            String expanded = d.strip().startsWith("~") ? System.getProperty("user.home") + d.strip().substring(1) : d.strip();
            dirs.add(playbookDir.resolve(expanded));
        }
        return new CollectionPath(dirs);
    }

    /** True for a name Ansible reads as a collection role: three or more dot-separated parts, no path. */
    static boolean isCollectionRole(String name) {
        return !name.contains("/") && name.chars().filter(c -> c == '.').count() >= 2;
    }

    /** The role directory of {@code ns.coll.role} used from a playbook in {@code playbookDir}, or null. */
    Path find(String name, Path playbookDir) {
        int last = name.lastIndexOf('.');
        String collection = name.substring(0, last);
        String role = name.substring(last + 1);
        int dot = collection.indexOf('.');
        if (dot < 0 || collection.indexOf('.', dot + 1) >= 0) return null;
        for (Path root : searched(playbookDir)) {
            Path p = root.resolve(collection.substring(0, dot)).resolve(collection.substring(dot + 1)).resolve("roles").resolve(role);
            if (Files.isDirectory(p)) return p;
        }
        return null;
    }

    /** The {@code ansible_collections} directories searched. */
    List<Path> searched(Path playbookDir) {
        List<Path> all = new ArrayList<>();
        all.add(playbookDir.resolve("collections").resolve("ansible_collections"));
        for (Path p : configured) all.add(p.getFileName() != null && p.getFileName().toString().equals("ansible_collections") ? p : p.resolve("ansible_collections"));
        return all;
    }

    String describe(Path playbookDir) {
        return String.join(", ", searched(playbookDir).stream().map(Path::toString).toList());
    }
}
