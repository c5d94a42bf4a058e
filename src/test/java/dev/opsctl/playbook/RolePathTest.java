package dev.opsctl.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where roles are found: roles/ beside the playbook, ANSIBLE_ROLES_PATH over ansible.cfg's roles_path, the playbook's directory. */
class RolePathTest {
    @TempDir
    Path dir;

    private Path role(String parent, String name) throws Exception {
        Path p = dir.resolve(parent).resolve(name);
        Files.createDirectories(p.resolve("tasks"));
        return p;
    }

    @Test
    void rolesBesideThePlaybookComeFirstThenTheConfiguredPathThenThePlaybookDirectory() throws Exception {
        Path beside = role("roles", "web");
        role("env-roles", "web");
        Path fromEnv = role("env-roles", "db");
        Path inPlaybookDir = role("", "cache");
        RolePath path = RolePath.forPlaybook(dir, dir.resolve("env-roles") + ":/nonexistent");
        assertThat(path.find("web", dir)).isEqualTo(beside);
        assertThat(path.find("db", dir)).isEqualTo(fromEnv);
        assertThat(path.find("cache", dir)).isEqualTo(inPlaybookDir);
        assertThat(path.find("nope", dir)).isNull();
        assertThat(path.find("env-roles/db", dir)).isEqualTo(fromEnv);
    }

    @Test
    void theEnvironmentWinsOverAnsibleCfgAndAnsibleCfgOverTheDefaults() throws Exception {
        Files.writeString(dir.resolve("ansible.cfg"), "[ssh_connection]\nroles_path = wrong\n[defaults]\nroles_path = cfg-roles:other\n");
        Path fromCfg = role("cfg-roles", "db");
        assertThat(RolePath.forPlaybook(dir, null).find("db", dir)).isEqualTo(fromCfg);
        assertThat(RolePath.forPlaybook(dir, dir.resolve("elsewhere").toString()).find("db", dir)).isNull();
        Files.delete(dir.resolve("ansible.cfg"));
        assertThat(RolePath.forPlaybook(dir, null).configured()).contains(Path.of("/etc/ansible/roles"));
    }

    @Test
    void aCollectionRoleIsFoundUnderAnsibleCollectionsBesideThePlaybookThenOnTheCollectionsPath() throws Exception {
        Path beside = role("collections/ansible_collections/acme/base/roles", "web");
        Files.writeString(dir.resolve("ansible.cfg"), "[defaults]\ncollections_path = cfg-coll\n");
        Path fromCfg = role("cfg-coll/ansible_collections/acme/base/roles", "db");
        Path fromEnv = role("env-coll/ansible_collections/acme/extra/roles", "cache");
        assertThat(RolePath.forPlaybook(dir, null, null).find("acme.base.web", dir)).isEqualTo(beside);
        assertThat(RolePath.forPlaybook(dir, null, null).find("acme.base.db", dir)).isEqualTo(fromCfg);
        // The environment replaces ansible.cfg's setting; a path ending in ansible_collections is used as written.
        RolePath env = RolePath.forPlaybook(dir, null, dir.resolve("env-coll/ansible_collections").toString());
        assertThat(env.find("acme.extra.cache", dir)).isEqualTo(fromEnv);
        assertThat(env.find("acme.base.db", dir)).isNull();
        // Not in a collection: a role directory of that name, as Ansible falls back to its roles path.
        assertThat(env.describe(dir, "acme.base.api")).contains("env-coll/ansible_collections").contains("roles");
        Path plain = role("roles", "acme.base.api");
        assertThat(env.find("acme.base.api", dir)).isEqualTo(plain);
    }

    @Test
    void aCollectionRoleIsNamedWithItsCollectionInAnsibleRoleName() throws Exception {
        Path inCollection = role("collections/ansible_collections/acme/base/roles", "web");
        assertThat(new Role("web", inCollection, java.util.Map.of(), java.util.Map.of(), java.util.Map.of()).qualifiedName()).isEqualTo("acme.base.web");
        Path plain = role("roles", "geerlingguy.web");
        assertThat(new Role("geerlingguy.web", plain, java.util.Map.of(), java.util.Map.of(), java.util.Map.of()).qualifiedName()).isEqualTo("geerlingguy.web");
    }
}
