package dev.opsctl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * ansible-playbook set up the way a user tuning it for speed would: pipelining, SSH connection sharing, as many
 * forks as opsctl gets, strict host key checking against the fleet's known_hosts. One instance per fleet.
 */
final class Ansible {
    static final Path PLAYBOOK_COMMAND = Path.of("/usr/bin/ansible-playbook");
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private final Path config;
    private final Path controlDir;

    private Ansible(Path config, Path controlDir) {
        this.config = config;
        this.controlDir = controlDir;
    }

    static boolean installed() {
        return Files.isExecutable(PLAYBOOK_COMMAND);
    }

    /** Writes ansible.cfg (and the directories it names) under {@code dir}. */
    static Ansible configure(Path dir, int forks, Path knownHosts) throws IOException {
        Path controlDir = Files.createDirectories(dir.resolve("cp"));
        Path localTmp = Files.createDirectories(dir.resolve("tmp"));
        Path config = dir.resolve("ansible.cfg");
        Files.writeString(config, String.join("\n",
                "[defaults]",
                "forks = " + forks,
                "host_key_checking = True",
                // implicit: each play's gather_facts decides, as the playbook says.
                "gathering = implicit",
                "retry_files_enabled = False",
                "local_tmp = " + localTmp,
                "",
                "[ssh_connection]",
                "pipelining = True",
                "ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=" + knownHosts,
                "control_path_dir = " + controlDir,
                // Short, so that the socket path stays under the 108-byte limit whatever the temp directory.
                "control_path = %(directory)s/%%p",
                ""));
        return new Ansible(config, controlDir);
    }

    String version() throws IOException, InterruptedException {
        return ProcessRun.run(List.of(PLAYBOOK_COMMAND.toString(), "--version"), env(), Duration.ofMinutes(1)).output().lines()
                .findFirst().orElse("?");
    }

    /**
     * Runs the playbook, then closes the SSH connections it left open for ControlPersist: every run starts
     * without connections, as an opsctl run does, and no ssh process outlives the benchmark.
     */
    ProcessRun playbook(Path playbook, Path inventory) throws IOException, InterruptedException {
        try {
            return ProcessRun.run(List.of(PLAYBOOK_COMMAND.toString(), "-i", inventory.toString(), playbook.toString()), env(), TIMEOUT);
        } finally {
            closeSharedConnections();
        }
    }

    private Map<String, String> env() {
        return Map.of("ANSIBLE_CONFIG", config.toString(), "ANSIBLE_NOCOLOR", "1");
    }

    private void closeSharedConnections() throws IOException, InterruptedException {
        List<Path> sockets;
        try (Stream<Path> s = Files.list(controlDir)) {
            sockets = s.toList();
        }
        for (Path socket : sockets) {
            // "-O exit" asks the master behind the socket to end; the destination is required but not used.
            ProcessRun.run(List.of("ssh", "-o", "ControlPath=" + socket, "-O", "exit", "unused"), Map.of(), EXIT_TIMEOUT);
        }
    }
}
