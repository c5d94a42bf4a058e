package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roles, blocks, includes and handlers planned and applied on this machine through the command line. */
class StructureRunTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text.replace("ROOT", dir.resolve("root").toString()));
        return f;
    }

    /** Applies the playbook and checks that every host ended well. */
    private static void applyOk(Path playbook, String... more) {
        String[] args = new String[2 + more.length];
        args[0] = "apply";
        args[1] = playbook.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        CliRun apply = CliRun.of(args);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    }

    private String read(String rel) throws Exception {
        return Files.readString(dir.resolve("root").resolve(rel));
    }

    @Test
    void aRoleWithDefaultsVarsTemplatesFilesHandlersAndADependency() throws Exception {
        write("roles/base/tasks/main.yml", """
                - name: root dir
                  file: path={{ root }} state=directory
                """);
        write("roles/web/meta/main.yml", "dependencies:\n  - base\n");
        write("roles/web/vars/main.yml", "greeting: from role vars\n");
        write("roles/web/templates/web.conf.j2", "port={{ port }} workers={{ workers }} {{ greeting }} {{ role_name }}\n");
        write("roles/web/files/motd", "hello\n");
        write("roles/web/defaults/main.yml", "port: 80\nworkers: 2\ngreeting: from defaults\nsites: [a, b]\nproxy:\n");
        write("roles/web/tasks/site.yml", "- copy: content={{ site }} dest={{ root }}/site-{{ site }}\n");
        write("roles/web/tasks/main.yml", """
                - name: web config
                  template: src=web.conf.j2 dest={{ root }}/web.conf
                  notify: reload web
                - name: motd
                  copy: src=motd dest={{ root }}/motd
                - include_tasks: site.yml
                  loop: "{{ sites }}"
                  loop_control: {loop_var: site}
                """);
        write("roles/web/handlers/main.yml", """
                - name: reload web
                  copy: content=reloaded dest={{ root }}/reloaded
                - name: log web
                  listen: web changed
                  copy: content=logged dest={{ root }}/logged
                - name: audit
                  copy: content=audited dest={{ root }}/audited
                """);
        Path pb = write("site.yml", """
                - hosts: localhost
                  gather_facts: false
                  vars: {root: ROOT, greeting: from play vars, workers: 4}
                  roles:
                    - role: web
                      port: 8080
                      unset_param:
                  tasks:
                    - copy: content=1 dest={{ root }}/marker
                      notify: web changed
                    - copy: content=1 dest={{ root }}/marker2
                      notify: "web : audit"
                """);
        CliRun plan = CliRun.of("plan", pb.toString());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("+ base : root dir: directory").contains("+ web : web config: file")
                .contains("+ web : motd: file").contains("+ web : reload web (handler)");

        applyOk(pb);
        // role params above everything but extra vars; play vars above role defaults; role vars above play vars
        assertThat(read("web.conf")).isEqualTo("port=8080 workers=4 from role vars web\n");
        assertThat(read("motd")).isEqualTo("hello\n");
        assertThat(read("site-b")).isEqualTo("b");
        assertThat(read("reloaded")).isEqualTo("reloaded");
        assertThat(read("logged")).isEqualTo("logged");
        assertThat(read("audited")).as("notified as 'role : handler'").isEqualTo("audited");

        Files.delete(dir.resolve("root/reloaded"));
        Files.delete(dir.resolve("root/logged"));
        Files.delete(dir.resolve("root/audited"));
        CliRun again = CliRun.of("plan", pb.toString(), "--detailed-exitcode");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("No changes.");
    }

    @Test
    void rescueRunsWhenTheBlockFailsAndAlwaysRunsEitherWay() throws Exception {
        Path pb = write("site.yml", """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - file: path=ROOT state=directory
                    - block:
                        - copy: content=1 dest=ROOT/before
                        - name: fails
                          command: "false"
                        - copy: content=1 dest=ROOT/not-reached
                      rescue:
                        - copy: content="{{ ansible_failed_task.name }}|{{ ansible_failed_result.failed }}" dest=ROOT/rescued
                      always:
                        - copy: content=1 dest=ROOT/always
                    - copy: content=1 dest=ROOT/after
                """);
        CliRun apply = CliRun.of("apply", pb.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("! fails: non-zero return code (rescued)").containsPattern("failed=0\\s+skipped=0\\s+rescued=1");
        assertThat(dir.resolve("root/before")).exists();
        assertThat(dir.resolve("root/not-reached")).doesNotExist();
        assertThat(read("rescued")).isEqualTo("fails|True");
        assertThat(dir.resolve("root/always")).exists();
        assertThat(dir.resolve("root/after")).exists();
    }

    @Test
    void aFailedBlockWithoutRescueStillRunsAlwaysThenStopsTheHost() throws Exception {
        Path pb = write("site.yml", """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - file: path=ROOT state=directory
                    - block:
                        - copy: content=1 dest=ROOT/missing-dir/x
                      always:
                        - copy: content=1 dest=ROOT/always
                    - copy: content=1 dest=ROOT/after
                """);
        CliRun apply = CliRun.of("apply", pb.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(2);
        assertThat(dir.resolve("root/always")).exists();
        assertThat(dir.resolve("root/after")).doesNotExist();
    }

    @Test
    void blockKeywordsReachItsTasks() throws Exception {
        Path pb = write("site.yml", """
                - hosts: localhost
                  gather_facts: false
                  vars: {root: ROOT}
                  tasks:
                    - file: path={{ root }} state=directory
                    - name: skipped block
                      when: false
                      block:
                        - copy: content=1 dest={{ root }}/skipped
                    - block:
                        - copy: content={{ who }} dest={{ root }}/who
                        - command: sh -c 'echo "$GREETING" > {{ root }}/env'
                      vars: {who: block}
                      environment: {GREETING: "it's {{ who }}"}
                """);
        applyOk(pb);
        assertThat(dir.resolve("root/skipped")).doesNotExist();
        assertThat(read("who")).isEqualTo("block");
        assertThat(read("env")).isEqualTo("it's block\n");
    }

    @Test
    void includeTasksLoopsAndImportTasksInheritsTheCondition() throws Exception {
        write("tasks/one.yml", """
                - name: "one {{ item }}"
                  copy: content={{ item }}-{{ suffix }} dest={{ root }}/{{ item }}
                """);
        write("tasks/static.yml", """
                - copy: content=static dest={{ root }}/static
                """);
        write("tasks/Linux.yml", """
                - copy: content=templated dest={{ root }}/templated
                """);
        Path pb = write("site.yml", """
                - hosts: localhost
                  gather_facts: false
                  vars: {root: ROOT, os: Linux}
                  tasks:
                    - file: path={{ root }} state=directory
                    - include_tasks: tasks/one.yml
                      loop: [a, b, skipped]
                      when: item != "skipped"
                      vars: {suffix: x}
                    - import_tasks: tasks/static.yml
                      when: os == "Linux"
                    - import_tasks: tasks/static.yml
                      when: os == "BSD"
                    - include_tasks: "tasks/{{ os }}.yml"
                """);
        CliRun plan = CliRun.of("plan", pb.toString());
        assertThat(plan.out()).as("names rendered with the include's loop variable").contains("+ one a: file", "+ one b: file");
        applyOk(pb);
        assertThat(read("a")).isEqualTo("a-x");
        assertThat(read("b")).isEqualTo("b-x");
        assertThat(dir.resolve("root/skipped")).as("a looped include's condition is per item").doesNotExist();
        assertThat(read("static")).isEqualTo("static");
        assertThat(read("templated")).isEqualTo("templated");
        CliRun again = CliRun.of("plan", pb.toString(), "--detailed-exitcode");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
    }

    @Test
    void flushHandlersRunsNotifiedHandlersAtThatPoint() throws Exception {
        Path pb = write("site.yml", """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - file: path=ROOT state=directory
                    - copy: content=1 dest=ROOT/conf
                      notify: mark
                    - meta: flush_handlers
                    - name: handler already ran
                      command: test -f ROOT/marked
                  handlers:
                    - name: mark
                      copy: content=1 dest=ROOT/marked
                """);
        applyOk(pb);
        assertThat(dir.resolve("root/marked")).exists();
    }

    @Test
    void checkModeTrueIsOnlyPlannedInApply() throws Exception {
        Path pb = write("site.yml", """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - file: path=ROOT state=directory
                    - copy: content=1 dest=ROOT/checked
                      check_mode: true
                    - command: echo hello
                      register: out
                      changed_when: false
                      check_mode: false
                    - copy: content={{ out.stdout }} dest=ROOT/out
                """);
        CliRun plan = CliRun.of("plan", pb.toString());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        // the read-only command ran during the plan, so its output is known
        assertThat(plan.out()).doesNotContain("known after apply");
        applyOk(pb);
        assertThat(dir.resolve("root/checked")).doesNotExist();
        assertThat(read("out")).isEqualTo("hello");
    }

    @Test
    void includeVarsFromAFileADirectoryAndUnderAName() throws Exception {
        write("vars/Debian.yml", "pkg: apache2\n");
        write("vars/all/10-a.yml", "a: 1\nshared: first\n");
        write("vars/all/20-b.yml", "b: 2\nshared: second\n");
        Path pb = write("site.yml", """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - file: path=ROOT state=directory
                    - include_vars: "{{ item }}"
                      with_first_found: [RedHat.yml, Debian.yml]
                    - include_vars: {dir: all}
                    - include_vars: {file: Debian.yml, name: os_vars}
                    - copy:
                        content: "{{ pkg }} {{ a }} {{ b }} {{ shared }} {{ os_vars.pkg }}"
                        dest: ROOT/out
                """);
        applyOk(pb);
        assertThat(read("out")).isEqualTo("apache2 1 2 second apache2");
    }

    @Test
    void withDictAndWithTogetherLoops() throws Exception {
        Path pb = write("site.yml", """
                - hosts: localhost
                  gather_facts: false
                  vars:
                    users: {alice: 1001, bob: 1002}
                  tasks:
                    - file: path=ROOT state=directory
                    - copy: content={{ item.value }} dest=ROOT/{{ item.key }}
                      with_dict: "{{ users }}"
                    - copy: content={{ item.1 }} dest=ROOT/{{ item.0 }}.t
                      with_together: [[x, y], [1, 2]]
                """);
        applyOk(pb);
        assertThat(read("alice")).isEqualTo("1001");
        assertThat(read("bob")).isEqualTo("1002");
        assertThat(read("x.t")).isEqualTo("1");
        assertThat(read("y.t")).isEqualTo("2");
    }

    @Test
    void runOnceRunsOnOneHostAndSharesItsResultAndLocalActionRunsOnTheController() throws Exception {
        Path inv = write("hosts.ini", "[two]\nh1 ansible_connection=local\nh2 ansible_connection=local\n");
        Path pb = write("site.yml", """
                - hosts: two
                  gather_facts: false
                  tasks:
                    - shell: echo {{ inventory_hostname }} >> ROOT/log; echo token-1
                      register: token
                      run_once: true
                    - copy: content={{ token.stdout }} dest=ROOT/{{ inventory_hostname }}
                    - local_action: copy content=local dest=ROOT/local-{{ inventory_hostname }}
                    - copy: content=delegated dest=ROOT/delegated
                      delegate_to: localhost
                      run_once: true
                    - block:
                        - shell: echo {{ inventory_hostname }} >> ROOT/block-log
                      run_once: true
                      delegate_to: localhost
                """);
        // h1 and h2 share this machine's files: the directory exists before either looks.
        Files.createDirectories(dir.resolve("root"));
        applyOk(pb, "-i", inv.toString());
        assertThat(read("log")).as("the batch's first host runs it").isEqualTo("h1\n");
        assertThat(read("h1")).isEqualTo("token-1");
        assertThat(read("h2")).isEqualTo("token-1");
        assertThat(read("local-h1")).isEqualTo("local");
        assertThat(read("local-h2")).isEqualTo("local");
        assertThat(read("delegated")).isEqualTo("delegated");
        assertThat(read("block-log")).as("run_once on a block reaches its tasks").isEqualTo("h1\n");
    }

    @Test
    void aSavedPlanIsStaleWhenARoleFileChanges() throws Exception {
        write("roles/app/tasks/main.yml", "- copy: content=one dest=ROOT/app\n");
        Path pb = write("site.yml", "- hosts: localhost\n  gather_facts: false\n  roles: [app]\n");
        Files.createDirectories(dir.resolve("root"));
        Path saved = dir.resolve("plan.json");
        assertThat(CliRun.of("plan", pb.toString(), "-o", saved.toString()).exitCode()).isZero();
        write("roles/app/tasks/main.yml", "- copy: content=two dest=ROOT/app\n");
        CliRun apply = CliRun.of("apply", saved.toString());
        assertThat(apply.exitCode()).isEqualTo(5);
        assertThat(apply.err()).contains("inputs changed since the plan was made: " + dir.resolve("roles/app/tasks/main.yml"));
        assertThat(dir.resolve("root/app")).doesNotExist();
    }

    @Test
    void staticallyAppliedRolesShareTheirVariablesWithThePlayButAnIncludedRoleDoesNot() throws Exception {
        write("roles/s/defaults/main.yml", "sd: sdef\n");
        write("roles/s/vars/main.yml", "sv: svars\n");
        write("roles/s/tasks/main.yml", "- debug: msg=s\n");
        write("roles/t/defaults/main.yml", "td: tdef\n");
        write("roles/t/tasks/main.yml", "- debug: msg=t\n");
        Path pb = write("site.yml", """
                - hosts: localhost
                  gather_facts: false
                  pre_tasks:
                    - file: path=ROOT state=directory
                    - copy: content="{{ sd }} {{ sv }} {{ td | default('undef') }}" dest=ROOT/pre
                  tasks:
                    - import_role: name=s
                    - include_role: name=t
                    - copy: content="{{ td | default('undef') }}" dest=ROOT/post
                """);
        applyOk(pb);
        assertThat(read("pre")).isEqualTo("sdef svars undef");
        assertThat(read("post")).isEqualTo("undef");
    }

    @Test
    void endHostStopsThePlayForTheHostWithoutItsHandlersAndTheNextPlayRuns() throws Exception {
        Path pb = write("site.yml", """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - file: path=ROOT state=directory
                      notify: h
                    - meta: end_host
                      when: not (keep_going | default(false))
                    - copy: content=1 dest=ROOT/after-end
                  handlers:
                    - name: h
                      copy: content=1 dest=ROOT/handled
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - copy: content=1 dest=ROOT/next-play
                """);
        applyOk(pb);
        assertThat(dir.resolve("root/after-end")).doesNotExist();
        assertThat(dir.resolve("root/handled")).doesNotExist();
        assertThat(read("next-play")).isEqualTo("1");
        applyOk(pb, "-e", "keep_going=true");
        assertThat(read("after-end")).isEqualTo("1");
    }

    @Test
    void tasksInBlocksAndLoopedIncludesAreAskedForInTheOneFactExec() throws Exception {
        write("site-files.yml", "- copy: content={{ site }} dest={{ root }}/{{ site }}\n");
        Path pb = write("site.yml", """
                - hosts: localhost
                  gather_facts: false
                  vars: {root: ROOT, sites: [a, b, c]}
                  tasks:
                    - block:
                        - file: path={{ root }} state=directory
                      always:
                        - copy: content=x dest={{ root }}/x
                    - include_tasks: site-files.yml
                      loop: "{{ sites }}"
                      loop_control: {loop_var: site}
                """);
        applyOk(pb);
        CliRun again = CliRun.of("apply", pb.toString(), "--stats");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("changed=0").contains("1 remote execs");
    }
}
