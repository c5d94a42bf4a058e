package dev.opsctl.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Runs scripts on this machine ({@code ansible_connection=local}). */
public final class LocalConnection implements Connection {
    private final String host;
    private final ExecCounter counter = new ExecCounter();

    public LocalConnection(String host) {
        this.host = host;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public String user() {
        return System.getProperty("user.name");
    }

    @Override
    public ExecResult exec(String script, byte[] stdin) throws TransportException {
        return exec(script, Payload.of(stdin));
    }

    @Override
    public ExecResult exec(String script, Payload input) throws TransportException {
        return run(script, input, null);
    }

    @Override
    public ExecResult execInto(String script, Payload input, OutputStream stdout) throws TransportException {
        return run(script, input, stdout);
    }

    /** Runs {@code script}; its output goes to {@code stdout}, or into the result when that is null. */
    private ExecResult run(String script, Payload input, OutputStream stdout) throws TransportException {
        ScriptOnStdin.Streamed hidden = ScriptOnStdin.of(script, input);
        Process p;
        try {
            p = new ProcessBuilder("sh", "-c", hidden.script()).start();
        } catch (IOException e) {
            throw new TransportException("cannot start sh: " + e.getMessage(), e);
        }
        try {
            // stdin is written and stderr read on threads of their own while this thread reads stdout, so no side
            // blocks on a full pipe. (Not the common pool: on two cores it has one thread, and hosts would queue.)
            Thread writer = start("stdin", () -> {
                try (OutputStream in = p.getOutputStream(); InputStream from = hidden.input().open()) {
                    from.transferTo(in);
                } catch (IOException ignored) {
                    // The script ended without reading all of its input; its exit code tells the story.
                }
            });
            byte[][] err = new byte[1][];
            Thread errReader = start("stderr", () -> err[0] = readAll(p.getErrorStream()));
            byte[] out;
            if (stdout == null) {
                out = readAll(p.getInputStream());
            } else {
                try (InputStream from = p.getInputStream()) {
                    from.transferTo(stdout);
                } catch (IOException e) {
                    p.destroyForcibly();
                    throw new TransportException("cannot keep the output of a local command: " + e.getMessage(), e);
                }
                out = new byte[0];
            }
            int code = p.waitFor();
            writer.join();
            errReader.join();
            ExecResult result = new ExecResult(code, out, err[0]);
            counter.record(script, input.size(), result);
            return result;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted", e);
        }
    }

    private static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, "opsctl-local-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    @Override
    public ExecCounter counter() {
        return counter;
    }

    @Override
    public void close() {}
}
