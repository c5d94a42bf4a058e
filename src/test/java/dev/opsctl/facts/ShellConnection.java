package dev.opsctl.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.transport.Connection;
import dev.opsctl.transport.ExecCounter;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.TransportException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs scripts with {@code shell -c} in {@code cwd}, with {@code path} as PATH (the shell itself found on the real one). */
record ShellConnection(List<String> shell, String path, Path cwd) implements Connection {
    @Override
    public String host() {
        return "local";
    }

    @Override
    public ExecResult exec(String script, byte[] stdin) throws TransportException {
        List<String> cmd = new ArrayList<>(shell);
        cmd.set(0, run0(shell.get(0)));
        // A script sent on standard input to "exec sh" is read by the shell under test, as the host's sh would.
        if (!script.equals("exec sh")) {
            cmd.add("-c");
            cmd.add(script);
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
            if (stdin.length == 0) pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("PATH", path);
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write(stdin);
            }
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return new ExecResult(p.exitValue(), out, err);
        } catch (IOException | InterruptedException e) {
            throw new TransportException("cannot run " + shell + ": " + e.getMessage(), e);
        }
    }

    private static String run0(String program) throws TransportException {
        try {
            Process p = new ProcessBuilder("sh", "-c", "command -v " + program).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return new String(p.getInputStream().readAllBytes()).strip();
        } catch (IOException e) {
            throw new TransportException("no " + program, e);
        }
    }

    @Override
    public ExecCounter counter() {
        return new ExecCounter();
    }

    @Override
    public void close() {}
}
