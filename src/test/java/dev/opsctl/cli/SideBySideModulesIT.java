package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate:, assemble, slurp, git, pip and uri over SSH, side by side with ansible-playbook: opsctl applies to h001,
 * Ansible to its twin h002; both hosts end the same, opsctl then plans no change on either, and Ansible run on
 * opsctl's host changes nothing. Only local resources: a bare git repository and a wheel placed on each host, an HTTP
 * server the hosts reach ({@link HostReachableServer}); pip runs with --no-index.
 */
@FleetHosts(2)
class SideBySideModulesIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private static void sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }

    /** A repository with a tagged first commit and a second one on main, as a bare repository on both hosts. */
    private void gitOrigin() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("gitwork"));
        sh("git", "-C", work.toString(), "init", "-q", "-b", "main");
        Files.writeString(work.resolve("VERSION"), "1\n");
        sh("git", "-C", work.toString(), "add", "VERSION");
        sh("git", "-C", work.toString(), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one");
        sh("git", "-C", work.toString(), "-c", "user.name=t", "-c", "user.email=t@t", "tag", "-a", "v1", "-m", "release 1");
        Files.writeString(work.resolve("VERSION"), "2\n");
        sh("git", "-C", work.toString(), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "two");
        Path bare = tmp.resolve("origin.git");
        sh("git", "clone", "-q", "--bare", work.toString(), bare.toString());
        // Copied in file by file: a program given the host's /proc/PID/root path resolves it to this machine's view.
        for (FleetHost h : fleet.hosts()) {
            Path target = fleet.path(h, "/srv/origin.git");
            try (Stream<Path> all = Files.walk(bare)) {
                for (Path from : all.toList()) {
                    Path to = target.resolve(bare.relativize(from).toString());
                    if (Files.isDirectory(from)) Files.createDirectories(to);
                    else Files.copy(from, to);
                }
            }
        }
    }

    /** A minimal pure-Python wheel (opsdemo 1.0) in /srv/wheels on both hosts, for pip --no-index. */
    private static void wheel() throws Exception {
        for (FleetHost h : fleet.hosts()) {
            Path dir = Files.createDirectories(fleet.path(h, "/srv/wheels"));
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(dir.resolve("opsdemo-1.0-py3-none-any.whl")))) {
                entry(z, "opsdemo/__init__.py", "VERSION = '1.0'\n");
                entry(z, "opsdemo-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: opsdemo\nVersion: 1.0\n");
                entry(z, "opsdemo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: opsctl-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
                entry(z, "opsdemo-1.0.dist-info/RECORD", "opsdemo/__init__.py,,\nopsdemo-1.0.dist-info/METADATA,,\n"
                        + "opsdemo-1.0.dist-info/WHEEL,,\nopsdemo-1.0.dist-info/RECORD,,\n");
            }
        }
    }

    private static void entry(ZipOutputStream z, String name, String text) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(text.getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
    }

    private static final String FILES = """
            - hosts: all
              tasks:
                - name: sudoers drop-in, checked by visudo
                  copy: {content: "opsuser ALL=(ALL) NOPASSWD: /usr/bin/true\\n", dest: /etc/sudoers.d/90-ops, mode: "0440", validate: "visudo -cf %s"}
                - name: first version only
                  copy: {content: "listen=localhost\\n", dest: /etc/ops.conf, force: no}
                - name: a line
                  lineinfile: {path: /etc/ops.conf, line: "port=8080", validate: "grep -q port= %s"}
                - name: a block
                  blockinfile: {path: /etc/ops.conf, block: "workers=4", validate: "grep -q workers=4 %s"}
                - name: a replacement
                  replace: {path: /etc/ops.conf, regexp: "=localhost$", replace: "=0.0.0.0", validate: "grep -q 0.0.0.0 %s"}
                - name: a template
                  template: {src: app.j2, dest: /etc/app.conf, validate: "test -s %s"}
                - name: fragment directory
                  file: {path: /etc/ops.d, state: directory}
                - name: fragments
                  copy: {content: "{{ item.text }}", dest: "/etc/ops.d/{{ item.name }}"}
                  loop:
                    - {name: 10-head, text: "[main]\\n"}
                    - {name: 20-body, text: "name={{ inventory_hostname | length }}"}
                    - {name: .hidden, text: "secret\\n"}
                - name: assembled
                  assemble: {src: /etc/ops.d, dest: /etc/ops.assembled, delimiter: "# --", ignore_hidden: yes, mode: "0600"}
                - name: read back
                  slurp: {src: /etc/ops.assembled}
                  register: assembled
                - name: copy of what slurp read
                  copy: {content: "{{ assembled.content | b64decode }}", dest: /etc/ops.slurped}
                - name: release checkout
                  git: {repo: /srv/origin.git, dest: /opt/release, version: v1}
                - name: main checkout
                  git: {repo: /srv/origin.git, dest: /opt/main}
                - name: package in a virtualenv
                  pip:
                    name: opsdemo
                    version: "1.0"
                    virtualenv: /opt/venv
                    virtualenv_command: python3 -m venv
                    extra_args: --no-index --find-links /srv/wheels
            """;

    @Test
    void validateAssembleSlurpGitAndPipEndAsAnsibleEnds() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        FleetHost ours = twins.ours();
        FleetHost theirs = twins.theirs();
        gitOrigin();
        wheel();
        twins.write("templates/app.j2", "host={{ inventory_hostname }}\n");
        Path pb = twins.write("files.yml", FILES);
        twins.applyOnBoth(pb);

        for (String f : List.of("/etc/sudoers.d/90-ops", "/etc/ops.conf", "/etc/ops.assembled", "/etc/ops.slurped",
                "/opt/release/.git/HEAD", "/opt/release/VERSION", "/opt/main/.git/HEAD", "/opt/main/VERSION",
                "/opt/venv/lib/python3.11/site-packages/opsdemo/__init__.py")) {
            assertThat(twins.read(ours, f)).as(f).isEqualTo(twins.read(theirs, f));
            assertThat(twins.mode(ours, f)).as(f).isEqualTo(twins.mode(theirs, f));
        }
        assertThat(twins.read(ours, "/etc/app.conf")).isEqualTo("host=h001\n");
        assertThat(twins.read(theirs, "/etc/app.conf")).isEqualTo("host=h002\n");
        assertThat(twins.read(ours, "/etc/ops.assembled")).isEqualTo("[main]\n# --\nname=4");
        assertThat(twins.read(ours, "/opt/release/VERSION")).isEqualTo("1\n");
        assertThat(twins.read(ours, "/opt/main/.git/HEAD")).isEqualTo("ref: refs/heads/main\n");
        assertThat(twins.read(ours, "/etc/ops.conf")).isEqualTo("listen=0.0.0.0\nport=8080\n# BEGIN ANSIBLE MANAGED BLOCK\nworkers=4\n# END ANSIBLE MANAGED BLOCK\n");
        twins.settled(pb);
    }

    private static final String REJECTED = """
            - hosts: all
              tasks:
                - copy: {content: "good\\n", dest: /etc/checked.conf}
                - name: rejected
                  copy: {content: "bad\\n", dest: /etc/checked.conf, validate: "grep -q good %s"}
            """;

    @Test
    void aRejectedFileStaysAsItWasAndTheTaskFailsOnBoth() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        Path pb = twins.write("rejected.yml", REJECTED);
        CliRun apply = twins.opsctl("apply", pb, twins.ours().name());
        AnsibleSideBySide.Result twin = twins.ansible(pb, twins.theirs().name());
        assertThat(apply.exitCode()).as(apply.out()).isEqualTo(2);
        assertThat(twin.exitCode()).as(twin.output()).isEqualTo(2);
        assertThat(apply.out()).contains("failed to validate");
        assertThat(twin.output()).contains("failed to validate");
        for (FleetHost h : fleet.hosts()) {
            assertThat(twins.read(h, "/etc/checked.conf")).isEqualTo("good\n");
            twins.noTempFilesIn(h, "/etc");
        }
    }

    private static final String REQUESTS = """
            - hosts: all
              tasks:
                - name: ask the service
                  uri: {url: "%1$s/api", return_content: yes, headers: {X-Host: "{{ inventory_hostname }}"}}
                  register: answer
                - name: keep the answer
                  copy: {content: "{{ answer.json.name }} {{ answer.status }} {{ answer.content_type }}\\n", dest: /etc/answer}
                - name: register the host
                  uri: {url: "%1$s/hosts", method: POST, body_format: json, body: {host: "{{ inventory_hostname }}"}, status_code: 201}
            """;

    @Test
    void uriRequestsComeFromTheHostAndRegisterWhatAnsibleRegisters() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        FleetHost ours = twins.ours();
        FleetHost theirs = twins.theirs();
        List<String> received = new CopyOnWriteArrayList<>();
        try (HostReachableServer server = HostReachableServer.start()) {
            server.handle("/", x -> {
                String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(x.getRequestMethod() + " " + x.getRequestURI().getPath() + " " + x.getRequestHeaders().getFirst("X-Host") + " "
                        + x.getRequestHeaders().getFirst("Content-Type") + " " + body.replace(" ", ""));
                byte[] out = "{\"name\": \"svc\"}".getBytes(StandardCharsets.UTF_8);
                boolean post = x.getRequestMethod().equals("POST");
                x.getResponseHeaders().add("Content-Type", "application/json");
                x.sendResponseHeaders(post ? 201 : 200, post ? -1 : out.length);
                if (!post) try (OutputStream o = x.getResponseBody()) {
                    o.write(out);
                }
                x.close();
            });
            Path pb = twins.write("requests.yml", REQUESTS.formatted(server.url("")));
            CliRun plan = twins.opsctl("plan", pb, ours.name());
            assertThat(plan.out()).contains("> ask the service: uri GET " + server.url("/api") + " (runs; reports no change)");
            assertThat(received).as("a plan makes no request").isEmpty();

            CliRun apply = twins.opsctl("apply", pb, ours.name());
            assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
            assertThat(apply.out()).containsPattern("h001\\s+: ok=3\\s+changed=1");
            AnsibleSideBySide.Result twin = twins.ansible(pb, theirs.name());
            assertThat(twin.exitCode()).as(twin.output()).isZero();
            assertThat(twin.changed(theirs.name())).isEqualTo(1);

            assertThat(twins.read(ours, "/etc/answer")).isEqualTo("svc 200 application/json\n").isEqualTo(twins.read(theirs, "/etc/answer"));
            assertThat(received).containsExactly(
                    "GET /api h001 null ", "POST /hosts null application/json {\"host\":\"h001\"}",
                    "GET /api h002 null ", "POST /hosts null application/json {\"host\":\"h002\"}");
        }
    }
}
