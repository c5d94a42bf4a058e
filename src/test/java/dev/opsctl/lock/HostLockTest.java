package dev.opsctl.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.opsctl.transport.Connection;
import dev.opsctl.transport.ExecCounter;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.TransportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host lock's session: each exec runs under a shell named {@code sshd-session}, as OpenSSH 9.8 and later name
 * the process that serves one connection (older ones: {@code sshd}), in a mount namespace of its own whose
 * /run/lock is this test's directory. A lock is held while that process lives and is stale once it is gone.
 */
class HostLockTest {
    @TempDir
    Path dir;

    private Path session;

    @BeforeEach
    void sessionShell() throws Exception {
        assumeThat(run("id", "-u")).as("root (for unshare and mount)").isEqualTo("0");
        assumeThat(run("sh", "-c", "command -v unshare || true")).as("unshare").isNotEmpty();
        Files.createDirectories(dir.resolve("run-lock"));
        session = dir.resolve("sshd-session");
        Files.copy(Path.of(run("sh", "-c", "command -v dash || command -v sh")), session);
        assertThat(session.toFile().setExecutable(true)).isTrue();
        Files.writeString(dir.resolve("session.sh"), "echo $$ > \"$1\"\nsh -c \"$2\nexit \\$?\"\nexit $?\n");
    }

    @Test
    void aLockIsHeldWhileItsSessionLivesAndTakenOverOnceItIsGone() throws Exception {
        HostLock.Attempt first = HostLock.tryTake(new SessionConnection(), "run-1", "by=first@ctl pid=1 since=2026-12-08T01:00:00Z");
        assertThat(first.taken()).isTrue();
        String holder = Files.readString(dir.resolve("run-lock/opsctl.lock/holder"));
        // The session named is the sshd-session process the exec ran under, which has ended since.
        String sessionPid = Files.readString(dir.resolve("session.pid")).strip();
        assertThat(holder).startsWith("run=run-1\nsession=" + sessionPid + "\nsession_start=")
                .endsWith("by=first@ctl pid=1 since=2026-12-08T01:00:00Z\n");

        HostLock.Attempt second = HostLock.tryTake(new SessionConnection(), "run-2", "by=second@ctl pid=2 since=2026-12-08T01:01:00Z");
        assertThat(second.taken()).isTrue();
        assertThat(second.holder()).isEqualTo("first@ctl (pid 1) since 2026-12-08T01:00:00Z");

        // A holder whose session still runs (this test's JVM, with its start time) keeps the lock.
        long pid = ProcessHandle.current().pid();
        String started = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll(".*\\) ", "").split(" ")[19];
        Files.writeString(dir.resolve("run-lock/opsctl.lock/holder"),
                "run=run-3\nsession=" + pid + "\nsession_start=" + started + "\nby=live@ctl pid=3 since=2026-12-08T01:02:00Z\n");
        HostLock.Attempt third = HostLock.tryTake(new SessionConnection(), "run-4", "by=fourth@ctl");
        assertThat(third.taken()).isFalse();
        assertThat(third.holder()).isEqualTo("live@ctl (pid 3) since 2026-12-08T01:02:00Z");

        // Only its holder gives it back.
        HostLock.release(new SessionConnection(), "run-4");
        assertThat(dir.resolve("run-lock/opsctl.lock")).exists();
        HostLock.release(new SessionConnection(), "run-3");
        assertThat(dir.resolve("run-lock/opsctl.lock")).doesNotExist();
    }

    /** Each exec: a new mount namespace with this test's run-lock over /run/lock, the script under "sshd-session". */
    private final class SessionConnection implements Connection {
        @Override
        public String host() {
            return "local";
        }

        @Override
        public ExecResult exec(String script, byte[] stdin) throws TransportException {
            // session.sh: its shell (the sshd-session) writes its pid, then runs the script under another sh, so
            // the lock's shell has to look past its parent for the session.
            List<String> cmd = List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                    "mount --bind \"$1\" /run/lock && exec \"$2\" \"$3\" \"$4\" \"$5\"", "sh",
                    dir.resolve("run-lock").toString(), session.toString(), dir.resolve("session.sh").toString(),
                    dir.resolve("session.pid").toString(), script);
            try {
                Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                byte[] out = p.getInputStream().readAllBytes();
                byte[] err = p.getErrorStream().readAllBytes();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                return new ExecResult(p.exitValue(), out, err);
            } catch (IOException | InterruptedException e) {
                throw new TransportException("cannot run: " + e.getMessage(), e);
            }
        }

        @Override
        public ExecCounter counter() {
            return new ExecCounter();
        }

        @Override
        public void close() {}
    }

    private static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new String(p.getInputStream().readAllBytes()).strip();
    }
}
