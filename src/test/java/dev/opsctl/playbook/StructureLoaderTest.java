package dev.opsctl.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.opsctl.diag.InputException;
import dev.opsctl.module.registry.ModuleRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roles, blocks, imports and includes as the loader reads them, and where it says their errors are. */
class StructureLoaderTest {
    @TempDir
    Path dir;

    private void write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private Playbook load(String playbook) throws Exception {
        write("site.yml", playbook);
        return PlaybookLoader.load(dir.resolve("site.yml"), ModuleRegistry.builtin());
    }

    private String failure(String playbook) throws Exception {
        write("site.yml", playbook);
        Throwable t = catchThrowable(() -> PlaybookLoader.load(dir.resolve("site.yml"), ModuleRegistry.builtin()));
        assertThat(t).isInstanceOf(InputException.class);
        return t.getMessage();
    }

    private static Task task(List<TaskNode> nodes, int i) {
        return (Task) nodes.get(i);
    }

    @Test
    void blockKeywordsAreFoldedIntoItsTasks() throws Exception {
        Play play = load("""
                - hosts: all
                  tags: [play]
                  environment: {A: "1"}
                  tasks:
                    - name: group
                      when: x is defined
                      become: true
                      tags: outer
                      vars: {v: 1}
                      environment: {B: "2"}
                      ignore_errors: true
                      block:
                        - command: "true"
                          when: y
                          vars: {w: 2}
                      rescue:
                        - debug: msg=r
                      always:
                        - debug: msg=a
                """).plays().get(0);
        Block b = (Block) play.tasks().get(0);
        Task t = task(b.block(), 0);
        assertThat(t.when()).isEqualTo(List.of("x is defined", "y"));
        assertThat(t.become()).isTrue();
        assertThat(t.tags()).containsExactlyInAnyOrder("outer", "play");
        assertThat(t.vars()).containsEntry("v", 1).containsEntry("w", 2);
        assertThat(t.environment()).isEqualTo(java.util.Map.of("A", "1", "B", "2"));
        assertThat(t.ignoreErrors()).isTrue();
        assertThat(b.rescue()).hasSize(1);
        assertThat(b.always()).hasSize(1);
        assertThat(task(b.always(), 0).when()).isEqualTo("x is defined");
    }

    @Test
    void rolesExpandWithDependenciesFirstOncePerPlayAndHandlersJoinThePlay() throws Exception {
        write("roles/common/tasks/main.yml", "- debug: msg=common\n");
        write("roles/web/meta/main.yml", "dependencies: [common]\n");
        write("roles/web/tasks/main.yml", "- debug: msg=web\n  notify: restart\n");
        write("roles/web/handlers/main.yml", "- name: restart\n  debug: msg=restarted\n");
        write("roles/web/defaults/main.yml", "port: 80\n");
        Play play = load("""
                - hosts: all
                  roles:
                    - common
                    - {role: web, port: 8080, when: enabled, tags: web, vars: {listen: any}}
                  tasks:
                    - debug: msg=play
                      notify: "web : restart"
                """).plays().get(0);
        assertThat(play.tasks()).hasSize(3);
        assertThat(task(play.tasks(), 0).role().name()).isEqualTo("common");
        Task web = task(play.tasks(), 1);
        assertThat(web.role().name()).isEqualTo("web");
        assertThat(web.role().params()).containsEntry("port", 8080).doesNotContainKey("listen");
        assertThat(web.role().vars()).containsEntry("listen", "any");
        assertThat(web.role().defaults()).containsEntry("port", 80);
        assertThat(web.when()).isEqualTo("enabled");
        assertThat(web.tags()).containsExactly("web");
        assertThat(play.handlers()).extracting(Task::name).containsExactly("restart");
        assertThat(play.handlers().get(0).handlerNames()).contains("web : restart");
    }

    @Test
    void aHandlerBlockGivesItsBlockTasksAsHandlersAndLeavesRescueAndAlwaysOutAsAnsible214Does() throws Exception {
        // robertdebock.rsyslog: "restart, and on failure print the journal"; ansible-core 2.14 runs only the block part.
        Play play = load("""
                - hosts: all
                  tasks:
                    - debug: msg=x
                      notify: Restart app
                  handlers:
                    - name: Restart app block
                      when: enabled
                      block:
                        - name: Restart app
                          debug: msg=restart
                      rescue:
                        - name: Journal
                          debug: msg=journal
                      always:
                        - name: After
                          debug: msg=after
                """).plays().get(0);
        assertThat(play.handlers()).extracting(Task::name).containsExactly("Restart app");
        assertThat(play.handlers().get(0).when()).isNotNull();
    }

    @Test
    void importRoleTasksFromAndIncludeRoleKeepItsLoop() throws Exception {
        write("roles/app/tasks/main.yml", "- debug: msg=main\n");
        write("roles/app/tasks/extra.yml", "- debug: msg=extra\n");
        Play play = load("""
                - hosts: all
                  tasks:
                    - import_role: {name: app, tasks_from: extra}
                      vars: {x: 1}
                    - include_role: {name: app}
                      loop: [1, 2]
                      vars: {y: 2}
                """).plays().get(0);
        Task imported = task(play.tasks(), 0);
        assertThat(imported.args()).containsEntry("msg", "extra");
        // as in Ansible, import_role's vars join the role's vars; include_role's are parameters
        assertThat(imported.role().vars()).containsEntry("x", 1);
        assertThat(imported.role().params()).isEmpty();
        Include inc = (Include) play.tasks().get(1);
        assertThat(inc.loop()).isEqualTo(List.of(1, 2));
        assertThat(task(inc.tasks(), 0).args()).containsEntry("msg", "main");
        assertThat(task(inc.tasks(), 0).role().params()).containsEntry("y", 2);
    }

    @Test
    void rolesPathFromAnsibleCfgBesideThePlaybook() throws Exception {
        write("ansible.cfg", "[defaults]\nroles_path = ./shared-roles\n");
        write("shared-roles/db/tasks/main.yml", "- debug: msg=db\n");
        Play play = load("- hosts: all\n  roles: [db]\n").plays().get(0);
        assertThat(task(play.tasks(), 0).role().name()).isEqualTo("db");
    }

    @Test
    void importPlaybookAddsItsPlays() throws Exception {
        write("sub/other.yml", "- hosts: db\n  tasks:\n    - import_tasks: t.yml\n");
        write("sub/t.yml", "- debug: msg=t\n");
        Playbook pb = load("- hosts: web\n  tasks: []\n- import_playbook: sub/other.yml\n");
        assertThat(pb.plays()).extracting(Play::hosts).containsExactly("web", "db");
        assertThat(task(pb.plays().get(1).tasks(), 0).args()).containsEntry("msg", "t");
    }

    @Test
    void errorsInsideARoleNameTheRoleFileAndLine() throws Exception {
        write("roles/web/tasks/main.yml", "- debug: msg=ok\n- name: bad\n  copy: src=a dest=/b\n  delegate_too: x\n");
        String msg = failure("- hosts: all\n  roles: [web]\n");
        assertThat(msg).contains(Path.of("roles", "web", "tasks", "main.yml") + ":4:3: unsupported task keyword 'delegate_too'");
    }

    @Test
    void missingRoleAndTaskFileAndCyclesAreErrorsAtTheirUse() throws Exception {
        write("a.yml", "- import_tasks: b.yml\n");
        write("b.yml", "- import_tasks: a.yml\n");
        String msg = failure("""
                - hosts: all
                  roles: [nope]
                  tasks:
                    - import_tasks: missing.yml
                    - import_tasks: a.yml
                """);
        assertThat(msg).contains("site.yml:2:10: role 'nope' not found")
                .contains("site.yml:4:7: task file not found")
                .contains("b.yml:1:3: import cycle");
    }

    @Test
    void unsupportedKeywordsOnBlocksIncludesAndMetaAreNamed() throws Exception {
        String msg = failure("""
                - hosts: all
                  tasks:
                    - block: []
                      loop: [1]
                    - block: []
                      delegate_to: web1
                    - include_tasks: x.yml
                      become: true
                    - meta: end_play
                """);
        assertThat(msg).contains("site.yml:4:7: unsupported keyword 'loop' on block")
                .contains("site.yml:8:7: unsupported keyword 'become' on include_tasks")
                .contains("site.yml:9:7: unsupported meta action 'end_play'");
    }

    @Test
    void aTemplatedIncludeIsLoadedAtRunTime() throws Exception {
        write("Debian.yml", "- debug: msg=deb\n");
        Play play = load("- hosts: all\n  tasks:\n    - include_tasks: \"{{ os }}.yml\"\n").plays().get(0);
        Include inc = (Include) play.tasks().get(0);
        assertThat(inc.tasks()).isNull();
        assertThat(task(inc.late().load("Debian.yml"), 0).args()).containsEntry("msg", "deb");
        assertThat(catchThrowable(() -> inc.late().load("RedHat.yml"))).isInstanceOf(InputException.class)
                .hasMessageContaining("task file not found");
    }

    @Test
    void localActionIsTheModuleDelegatedToLocalhostAndOtherDelegatesLoad() throws Exception {
        Play play = load("""
                - hosts: all
                  tasks:
                    - local_action: copy content=x dest=/tmp/x
                    - local_action: {module: command, cmd: ls}
                      run_once: true
                    - with_dict: {a: 1}
                      debug: msg={{ item.key }}
                """).plays().get(0);
        Task copy = task(play.tasks(), 0);
        assertThat(copy.module()).isEqualTo("copy");
        assertThat(copy.args()).containsEntry("dest", "/tmp/x");
        assertThat(copy.delegateTo()).isEqualTo("localhost");
        assertThat(task(play.tasks(), 1).runOnce()).isTrue();
        assertThat(task(play.tasks(), 2).loop()).isEqualTo(new LoopLookup("dict", java.util.Map.of("a", 1)));

        String msg = failure("""
                - hosts: all
                  tasks:
                    - command: ls
                      delegate_to: db1
                    - command: ls
                      loop: [1]
                      with_items: [2]
                """);
        // Whether db1 may be reached is the inventory's and --limit's question, asked before the run (exec/Delegates).
        assertThat(msg).doesNotContain("delegate_to")
                .contains("site.yml:5:7: use one loop keyword, not loop and with_items");
    }

    @Test
    void aPlaybookImportingItselfIsACycle() throws Exception {
        String msg = failure("- import_playbook: site.yml\n- hosts: all\n  tasks: []\n");
        assertThat(msg).contains("site.yml:1:3: import cycle");
    }

    @Test
    void theOldIncludeIsAnImportWhenStaticAndAnIncludeWhenTemplatedOrLooped() throws Exception {
        // ansible-core 2.14 still runs include: (deprecated): static unless its name is a template or it loops.
        write("common.yml", "- debug: msg=one\n- debug: msg=two\n");
        Play play = load("""
                - hosts: all
                  tasks:
                    - include: common.yml
                      tags: common
                    - include: "{{ os }}.yml"
                    - include: common.yml
                      loop: [1, 2]
                """).plays().get(0);
        assertThat(play.tasks()).hasSize(4);
        assertThat(task(play.tasks(), 0).tags()).contains("common");
        assertThat(task(play.tasks(), 1).args()).containsEntry("msg", "two");
        assertThat(((Include) play.tasks().get(2)).file()).isEqualTo("{{ os }}.yml");
        assertThat(((Include) play.tasks().get(3)).loop()).isEqualTo(List.of(1, 2));
    }

    @Test
    void anIncludedRoleThatIsNotThereFailsOnlyWhereItRuns() throws Exception {
        // Ansible's include_role is dynamic: a role for another platform behind when: never stops the load.
        Play play = load("""
                - hosts: all
                  tasks:
                    - include_role:
                        name: fedora.linux_system_roles.firewall
                      when: ansible_facts.os_family == 'RedHat'
                      register: fw
                """).plays().get(0);
        Include inc = (Include) play.tasks().get(0);
        assertThat(inc.keywords().register()).isEqualTo("fw");
        Task placeholder = task(inc.tasks(), 0);
        assertThat(placeholder.unsupported()).startsWith("role 'fedora.linux_system_roles.firewall' not found (searched ");
        assertThat(placeholder.at().toString()).contains("site.yml:3:7");
    }
}
