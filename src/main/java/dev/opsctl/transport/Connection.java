package dev.opsctl.transport;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A way to run POSIX {@code sh} scripts on one host. One connection serves a host for the whole run;
 * every remote command of that host goes through {@link #exec}.
 */
public interface Connection extends AutoCloseable {
    /** The inventory name of the host this connection reaches. */
    String host();

    /**
     * Runs {@code script} with {@code sh -c} on the host, feeding {@code stdin} (may be empty) to it,
     * and waits for it to end. A non-zero exit is a normal result, not an exception.
     *
     * @throws TransportException when the host cannot be reached or the session breaks
     */
    ExecResult exec(String script, byte[] stdin) throws TransportException;

    /**
     * {@link #exec(String, byte[])} with input that may be streamed from disk: a connection that can send it in
     * bounded buffers overrides this; the default reads it into memory.
     */
    default ExecResult exec(String script, Payload input) throws TransportException {
        return exec(script, input.bytes());
    }

    /**
     * {@link #exec(String, Payload)} whose standard output goes to {@code stdout} as it arrives instead of into the
     * result (whose stdout is then empty): a file read from the host that may be larger than the heap. A connection
     * that can stream overrides this; the default holds the output, then writes it.
     */
    default ExecResult execInto(String script, Payload input, OutputStream stdout) throws TransportException {
        ExecResult r = exec(script, input);
        try {
            stdout.write(r.stdout());
        } catch (IOException e) {
            throw new TransportException(host() + ": cannot keep the output: " + e.getMessage(), e);
        }
        return new ExecResult(r.exitCode(), new byte[0], r.stderr());
    }

    default ExecResult exec(String script) throws TransportException {
        return exec(script, new byte[0]);
    }

    /** The user the connection logs in as, or null when not known (become then always goes through sudo). */
    default String user() {
        return null;
    }

    /** Remote execs and bytes so far, for {@code --stats}. */
    ExecCounter counter();

    @Override
    void close();
}
