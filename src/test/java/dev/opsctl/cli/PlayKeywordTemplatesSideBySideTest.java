package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Templated serial, throttle, any_errors_fatal and max_fail_percentage, and the keywords and arguments Ansible allows on
 * include_tasks/import_tasks (args:, apply:, run_once, ignore_errors), side by side: the same playbook applied on this
 * machine (four inventory hosts, local connection) by opsctl and by ansible-playbook (ansible-core 2.14); both exit the
 * same and leave the same files.
 */
class PlayKeywordTemplatesSideBySideTest {
    @TempDir
    Path dir;

    private void write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    /** Runs {@code playbook} with both tools, each writing under its own root; asserts equal exit codes and files. */
    private Map<String, String> sideBySide(String playbook, int expectedExit, String... extra) throws Exception {
        return sideBySide(playbook, expectedExit, List.of(), extra);
    }

    /** @param opsctlFlags options for opsctl alone ({@code -f 1}) */
    private Map<String, String> sideBySide(String playbook, int expectedExit, List<String> opsctlFlags, String... extra) throws Exception {
        write("inv.ini", "[web]\nh1 ansible_connection=local\nh2 ansible_connection=local\nh3 ansible_connection=local\n"
                + "h4 ansible_connection=local\n");
        write("site.yml", playbook);
        Path ours = Files.createDirectories(dir.resolve("ours"));
        Path theirs = Files.createDirectories(dir.resolve("theirs"));
        List<String> args = new ArrayList<>(List.of("apply", dir.resolve("site.yml").toString(), "-i", dir.resolve("inv.ini").toString(),
                "-e", "root=" + ours));
        for (String e : extra) args.addAll(List.of("-e", e));
        args.addAll(opsctlFlags);
        CliRun opsctl = CliRun.of(args.toArray(String[]::new));
        assertThat(opsctl.exitCode()).as(opsctl.out() + opsctl.err()).isEqualTo(expectedExit);
        List<String> theirArgs = new ArrayList<>(List.of("-i", dir.resolve("inv.ini").toString(), "-e", "root=" + theirs));
        for (String e : extra) theirArgs.addAll(List.of("-e", e));
        theirArgs.add(dir.resolve("site.yml").toString());
        assertThat(ansiblePlaybook(theirArgs)).isEqualTo(expectedExit);
        Map<String, String> theirFiles = files(theirs);
        assertThat(files(ours)).as(opsctl.out()).isEqualTo(theirFiles);
        return theirFiles;
    }

    @Test
    void serialAndThrottleRenderedFromPlayVarsAndTaskVars() throws Exception {
        Map<String, String> files = sideBySide("""
                - hosts: web
                  gather_facts: false
                  serial: "{{ batch }}"
                  vars: {batch: 2}
                  tasks:
                    - copy: {content: "{{ ansible_play_batch | join(',') }}", dest: "{{ root }}/batch-{{ inventory_hostname }}"}
                      throttle: "{{ one }}"
                      vars: {one: 1}
                """, 0);
        assertThat(files).containsEntry("batch-h1", "h1,h2").containsEntry("batch-h4", "h3,h4");
    }

    @Test
    void serialFromExtraVarsAsAList() throws Exception {
        Map<String, String> files = sideBySide("""
                - hosts: web
                  gather_facts: false
                  serial: ["{{ first }}", 3]
                  vars: {first: 3}
                  tasks:
                    - copy: {content: "{{ ansible_play_batch | join(',') }}", dest: "{{ root }}/batch-{{ inventory_hostname }}"}
                """, 0, "first=1");
        assertThat(files).containsEntry("batch-h1", "h1").containsEntry("batch-h2", "h2,h3,h4");
    }

    /**
     * opsctl's hosts go through a play independently, a halt taking effect before each host's next task (not in
     * Ansible's lockstep): with one fork, h1's failure halts the batch before any other host starts, as in Ansible.
     */
    private static final List<String> ONE_FORK = List.of("-f", "1");

    private static final String FAILS_ON_H1 = """
              tasks:
                - fail: {msg: boom}
                  when: inventory_hostname == 'h1'
                - copy: {content: "after", dest: "{{ root }}/after-{{ inventory_hostname }}"}
            """;

    @Test
    void anyErrorsFatalFromExtraVars() throws Exception {
        Map<String, String> files = sideBySide("""
                - hosts: web
                  gather_facts: false
                  any_errors_fatal: "{{ fatal }}"
                """ + FAILS_ON_H1, 2, ONE_FORK, "fatal=true");
        assertThat(files).isEmpty();
    }

    @Test
    void maxFailPercentageFromPlayVars() throws Exception {
        assertThat(sideBySide("""
                - hosts: web
                  gather_facts: false
                  max_fail_percentage: "{{ pct }}"
                  vars: {pct: 20}
                """ + FAILS_ON_H1, 2, ONE_FORK)).isEmpty();
    }

    @Test
    void maxFailPercentageOverriddenByExtraVars() throws Exception {
        assertThat(sideBySide("""
                - hosts: web
                  gather_facts: false
                  max_fail_percentage: "{{ pct }}"
                  vars: {pct: 20}
                """ + FAILS_ON_H1, 2, ONE_FORK, "pct=30")).containsOnlyKeys("after-h2", "after-h3", "after-h4");
    }

    @Test
    void includeAndImportKeywordsAsAnsibleAllowsThem() throws Exception {
        write("inc.yml", """
                - copy: {content: "{{ x | default('none') }} {{ tag }}", dest: "{{ root }}/{{ tag }}-{{ inventory_hostname }}"}
                """);
        Map<String, String> files = sideBySide("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - include_tasks:
                        file: inc.yml
                        apply:
                          vars: {x: applied}
                      vars: {tag: a}
                      when: inventory_hostname == 'h1'
                    - name: the args form, once for the batch
                      include_tasks:
                      args: {file: inc.yml}
                      vars: {tag: b}
                      run_once: true
                    - name: a missing file fails where it runs, ignore_errors or not (as Ansible 2.14)
                      include_tasks: missing.yml
                      ignore_errors: true
                      when: inventory_hostname == 'h2'
                    - import_tasks: inc.yml
                      vars: {tag: c}
                      run_once: true
                    - name: import with args
                      import_tasks:
                      args: {file: inc.yml}
                      vars: {tag: d}
                      when: inventory_hostname == 'h4'
                """, 2);
        assertThat(files).containsEntry("a-h1", "applied a").containsOnlyKeys("a-h1", "b-h1", "c-h1", "d-h4");
    }

    private static Map<String, String> files(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> list = Files.list(root)) {
            for (Path f : list.toList()) out.put(f.getFileName().toString(), Files.readString(f));
        }
        return out;
    }

    private int ansiblePlaybook(List<String> args) throws Exception {
        Path log = dir.resolve("ansible.log");
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("/usr/bin/ansible-playbook"), args.stream()).toList())
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("ANSIBLE_LOCAL_TEMP", dir.resolve("ansible-tmp").toString());
        pb.environment().put("ANSIBLE_PYTHON_INTERPRETER", "/usr/bin/python3");
        pb.environment().put("ANSIBLE_RETRY_FILES_ENABLED", "False");
        Process p = pb.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("ansible-playbook finished").isTrue();
        return p.exitValue();
    }
}
