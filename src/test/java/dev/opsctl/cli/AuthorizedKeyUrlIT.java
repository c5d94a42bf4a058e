package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * authorized_key with {@code key:} a URL, side by side with ansible-playbook: the host fetches the keys from a server
 * this test starts (opsctl on h001 with the host's curl, Ansible on h002 with its Python); the key files end the same,
 * exclusive too, opsctl then plans no change and Ansible changes nothing on opsctl's host. A page that is not there
 * fails the task on both; a host with neither curl nor wget fails it in opsctl, saying so, and nothing is written.
 */
@FleetHosts(2)
class AuthorizedKeyUrlIT {
    private static final String A = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC8X6Us9Z3s+K65rEwFTURpq alice@laptop";
    private static final String B = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINg/s4Wjm7k5pKoB9MWJ0D5P";
    private static final String C = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC carol@old";

    private static Fleet fleet;

    @TempDir
    Path tmp;

    /** A user with a key of old, then the keys from the URL beside it. */
    private static final String KEYS = """
            - hosts: all
              tasks:
                - user: {name: deploy}
                - name: a key of old
                  authorized_key: {user: deploy, key: "%2$s"}
                - name: the keys from the URL
                  authorized_key: {user: deploy, key: "%1$s"}
                  register: fetched
                - copy: {content: "{{ fetched.key }} {{ fetched.keyfile }}\\n", dest: /etc/fetched.registered}
            """;

    /** Then the keys from the URL and no other: the key of old goes. */
    private static final String EXCLUSIVE = """
            - hosts: all
              tasks:
                - authorized_key: {user: deploy, key: "%s", exclusive: yes}
            """;

    @Test
    void keysFromAUrlEndAsAnsibleLeavesThem() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        FleetHost ours = twins.ours();
        List<String> asked = new CopyOnWriteArrayList<>();
        try (HostReachableServer server = HostReachableServer.start()) {
            server.handle("/deploy.keys", x -> {
                asked.add(x.getRequestMethod() + " " + x.getRequestHeaders().getFirst("User-Agent"));
                byte[] body = ("# deploy's keys\n" + A + "\n\n" + B + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                x.sendResponseHeaders(200, body.length);
                x.getResponseBody().write(body);
                x.close();
            });
            String keys = "/home/deploy/.ssh/authorized_keys";
            Path first = twins.write("keys.yml", KEYS.formatted(server.url("/deploy.keys"), C));
            Path exclusive = twins.write("exclusive.yml", EXCLUSIVE.formatted(server.url("/deploy.keys")));
            for (Path pb : List.of(first, exclusive)) {
                twins.applyOnBoth(pb);
                assertThat(twins.read(ours, keys)).as(pb.getFileName().toString()).isEqualTo(twins.read(twins.theirs(), keys));
                assertThat(twins.mode(ours, keys)).isEqualTo(twins.mode(twins.theirs(), keys));
                twins.settled(pb);
                if (pb == first) {
                    assertThat(twins.read(ours, keys)).isEqualTo(C + "\n" + A + "\n" + B + " \n");
                    assertThat(twins.read(ours, "/etc/fetched.registered")).isEqualTo(twins.read(twins.theirs(), "/etc/fetched.registered"));
                }
            }
            assertThat(twins.read(ours, keys)).isEqualTo(A + "\n" + B + " \n");
            assertThat(asked).isNotEmpty().allMatch(a -> a.equals("GET ansible-httpget"));
        }
    }

    @Test
    void aMissingPageOrNoToolToFetchWithFailsTheTaskAndWritesNothing() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        try (HostReachableServer server = HostReachableServer.start()) {
            Path pb = twins.write("missing.yml", """
                    - hosts: all
                      tasks:
                        - authorized_key: {user: root, key: "%s", path: /root/url-keys}
                    """.formatted(server.url("/nobody.keys")));
            CliRun apply = twins.opsctl("apply", pb, twins.ours().name());
            AnsibleSideBySide.Result twin = twins.ansible(pb, twins.theirs().name());
            assertThat(apply.exitCode()).as(apply.out()).isEqualTo(2);
            assertThat(twin.exitCode()).as(twin.output()).isEqualTo(2);
            assertThat(apply.out()).contains("Error getting key from: " + server.url("/nobody.keys") + " (HTTP status 404)");
            assertThat(twin.output()).contains("Error getting key from: " + server.url("/nobody.keys"));

            server.serve("/root.keys", A + "\n");
            Path noTools = twins.write("no-tools.yml", """
                    - hosts: all
                      tasks:
                        - file: {path: "{{ item }}", state: absent}
                          loop: [/usr/bin/curl, /usr/bin/wget]
                        - authorized_key: {user: root, key: "%s", path: /root/url-keys}
                    """.formatted(server.url("/root.keys")));
            CliRun refused = twins.opsctl("apply", noTools, twins.ours().name());
            assertThat(refused.exitCode()).as(refused.out()).isEqualTo(2);
            assertThat(refused.out()).contains("Error getting key from: " + server.url("/root.keys")
                    + " (neither curl nor wget is on the host (opsctl fetches keys with one of them))");
            for (FleetHost h : fleet.hosts()) assertThat(Files.exists(fleet.path(h, "/root/url-keys"))).as(h.name()).isFalse();
        }
    }
}
