package dev.opsctl.cli;

import dev.opsctl.fleet.Fleet;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ansible-playbook (ansible-core 2.14, installed on this machine) run against fleet hosts, to compare its end state
 * with opsctl's side by side. No connection sharing: no ssh process outlives the run.
 */
record AnsibleRun(int exitCode, String out) {
    private static final Path PLAYBOOK = Path.of("/usr/bin/ansible-playbook");
    private static final long TIMEOUT_SECONDS = 300;

    /** {@code ansible-playbook -i INVENTORY -l LIMIT PLAYBOOK}, checking host keys against the fleet's known_hosts. */
    static AnsibleRun on(Fleet fleet, Path inventory, Path playbook, String limit) throws IOException, InterruptedException {
        if (!Files.isExecutable(PLAYBOOK)) throw new IllegalStateException(PLAYBOOK + " is missing: install ansible-core 2.14 to compare with it");
        Path out = Files.createTempFile("opsctl-ansible-", ".txt");
        Path localTmp = Files.createTempDirectory("opsctl-ansible-tmp-");
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(PLAYBOOK.toString(), "-i", inventory.toString(), "-l", limit, playbook.toString()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().put("ANSIBLE_NOCOLOR", "1");
            pb.environment().put("ANSIBLE_HOST_KEY_CHECKING", "True");
            pb.environment().put("ANSIBLE_RETRY_FILES_ENABLED", "False");
            pb.environment().put("ANSIBLE_LOCAL_TEMP", localTmp.toString());
            pb.environment().put("ANSIBLE_PYTHON_INTERPRETER", "/usr/bin/python3");
            pb.environment().put("ANSIBLE_SSH_ARGS", "-o ControlMaster=no -o UserKnownHostsFile=" + fleet.knownHosts());
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IOException("ansible-playbook timed out after " + TIMEOUT_SECONDS + " s");
            }
            return new AnsibleRun(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
            try (var files = Files.walk(localTmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Whether the recap shows {@code host} with no change and no failure. */
    boolean unchanged(String host) {
        return out.lines().anyMatch(l -> l.matches(host + "\\s+: ok=\\d+\\s+changed=0\\s+unreachable=0\\s+failed=0.*"));
    }
}
