package dev.opsctl.cli;

import dev.opsctl.fleet.Fleet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ansible-playbook run against some of a test fleet's hosts (one twin host per test), to compare what it leaves with
 * what opsctl leaves on another. No connection sharing: no ssh process outlives a run. Host keys are checked
 * against the fleet's known_hosts, as opsctl checks them.
 */
record AnsibleSideBySide(Path config) {
    static final Path PLAYBOOK = Path.of("/usr/bin/ansible-playbook");

    static AnsibleSideBySide configure(Path dir, Fleet fleet) throws IOException {
        if (!Files.isExecutable(PLAYBOOK)) throw new IllegalStateException("ansible-playbook is not installed at " + PLAYBOOK);
        Path tmp = Files.createDirectories(dir.resolve("ansible-tmp"));
        Path cfg = dir.resolve("ansible.cfg");
        Files.writeString(cfg, String.join("\n", "[defaults]", "retry_files_enabled = False", "local_tmp = " + tmp,
                "interpreter_python = /usr/bin/python3", "", "[ssh_connection]",
                "ssh_args = -o ControlMaster=no -o StrictHostKeyChecking=yes -o UserKnownHostsFile=" + fleet.knownHosts(), ""));
        return new AnsibleSideBySide(cfg);
    }

    /** The run's exit code and output. */
    record Result(int exitCode, String output) {
        /** The changed= count of the recap line of {@code host}. */
        int changed(String host) {
            Matcher m = Pattern.compile(Pattern.quote(host) + "\\s+: ok=\\d+\\s+changed=(\\d+)").matcher(output);
            if (!m.find()) throw new AssertionError("no recap for " + host + " in:\n" + output);
            return Integer.parseInt(m.group(1));
        }
    }

    Result run(Path playbook, Path inventory, String limit) throws IOException, InterruptedException {
        Path log = Files.createTempFile(config.getParent(), "ansible-", ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of(PLAYBOOK.toString(), "-i", inventory.toString(), "-l", limit,
                playbook.toString())).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("ANSIBLE_CONFIG", config.toString());
        pb.environment().put("ANSIBLE_NOCOLOR", "1");
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("ansible-playbook did not finish in 10 minutes:\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
