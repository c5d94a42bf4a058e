package dev.opsctl.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A fleet host's per-connection sshd processes ({@code sshd: root@notty}), to stop, continue or kill them. */
public final class Sessions {
    private Sessions() {}

    /** The host's session processes now, not its listener. */
    public static List<ProcessHandle> of(Fleet fleet, FleetHost h) throws IOException {
        String root = Files.readSymbolicLink(fleet.path(h, "/")).toString();
        List<ProcessHandle> out = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                Path proc = Path.of("/proc", Long.toString(p.pid()));
                if (!root.equals(Files.readSymbolicLink(proc.resolve("root")).toString())) return;
                String cmd = new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ');
                if (cmd.startsWith("sshd: root") || cmd.startsWith("sshd-session")) out.add(p);
            } catch (IOException | RuntimeException gone) {
                // Not ours to see, or already ended.
            }
        });
        return out;
    }

    /** Sends signal {@code name} (STOP, CONT, ...) to {@code processes}. */
    public static void signal(String name, List<ProcessHandle> processes) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + name));
        processes.forEach(p -> cmd.add(Long.toString(p.pid())));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("kill did not end");
    }
}
