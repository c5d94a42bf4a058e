package dev.opsctl.transport.ssh;

import dev.opsctl.transport.Connection;
import dev.opsctl.transport.ExecCounter;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Payload;
import dev.opsctl.transport.ScriptOnStdin;
import dev.opsctl.transport.Shell;
import dev.opsctl.transport.TransportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Signal;

/**
 * One SSH connection to a host, kept for the whole run; each {@link #exec} is a session channel on it.
 * Open one with {@link SshConnector#connect}. Execs from several threads at once are safe: each has its own channel.
 */
public final class SshConnection implements Connection {
    /** Threads that write stdin and read stdout and stderr at once, so no side waits on a full window; shared by all connections. */
    private static final ExecutorService STREAMS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ssh-exec-stream");
        t.setDaemon(true);
        return t;
    });

    private final String host;
    private final String user;
    private final SSHClient client;
    private final SSHClient jump;
    private final ExecCounter counter = new ExecCounter();

    SshConnection(String host, String user, SSHClient client, SSHClient jump) {
        this.host = host;
        this.user = user;
        this.client = client;
        this.jump = jump;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public ExecResult exec(String script, byte[] stdin) throws TransportException {
        return exec(script, Payload.of(stdin));
    }

    /** Runs {@code script}; its input goes from memory or disk to the channel in bounded buffers as the window allows. */
    @Override
    public ExecResult exec(String script, Payload input) throws TransportException {
        return run(script, input, null);
    }

    /** {@link #exec(String, Payload)} with the output written to {@code stdout} as it arrives, never held whole. */
    @Override
    public ExecResult execInto(String script, Payload input, OutputStream sink) throws TransportException {
        return run(script, input, sink);
    }

    /** Runs {@code script}; its output goes to {@code sink}, or into the result when that is null. */
    private ExecResult run(String script, Payload input, OutputStream sink) throws TransportException {
        PipelinedSession session;
        try {
            if (!client.isConnected() || !client.isAuthenticated()) throw new IllegalStateException("Not connected");
            session = PipelinedSession.open(client);
        } catch (IOException | IllegalStateException e) {
            // sshj says IllegalStateException("Not connected") once the connection is gone.
            throw broken("cannot open a session", e);
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (session) {
            // sh -c: the script is POSIX sh whatever the user's login shell is.
            // A script holding a secret goes on stdin: a command line is visible to anyone on the host (ps).
            ScriptOnStdin.Streamed hidden = ScriptOnStdin.of(script, input);
            // The input follows the exec request without waiting for its reply (one round trip less per exec);
            // the reply is checked before any output counts.
            session.execWithoutWaiting("sh -c " + Shell.quote(hidden.script()));
            PipelinedSession cmd = session;
            // No input: the end of it goes right behind the exec request, from this thread, in the same round trip
            // (the socket has Nagle's algorithm off, or the kernel would hold it back until the request is acknowledged).
            Future<?> in = hidden.input().size() == 0 ? endInput(cmd)
                    : STREAMS.submit(() -> writeAll(cmd.getOutputStream(), hidden.input()));
            Future<byte[]> out = STREAMS.submit(() -> sink == null ? readAll(cmd.getInputStream(), printed) : copy(cmd.getInputStream(), sink));
            Future<byte[]> err = STREAMS.submit(() -> readAll(cmd.getErrorStream(), new ByteArrayOutputStream()));
            try {
                awaitExecReply(session);
                byte[] stdout = await(out);
                byte[] stderr = await(err);
                stopWriterOnceEnded(cmd, in);
                cmd.join();
                ExecResult result = new ExecResult(exitCode(cmd), stdout, stderr);
                counter.record(script, input.size(), result);
                return result;
            } finally {
                // Before the session closes: a blocked writer would hold up the close (see stopWriterOnceEnded).
                in.cancel(true);
            }
        } catch (IOException e) {
            throw broken("session broke", e).withPartialOutput(printed.toByteArray());
        } catch (TransportException e) {
            // A batch of steps tells by its output which of them ended before the connection broke.
            throw e.withPartialOutput(printed.toByteArray());
        }
    }

    /**
     * A script that ends without reading all of its input leaves the writer blocked in sshj, waiting for window
     * space that never comes, while holding the stream's lock that sshj's own reader thread needs to process the
     * channel's close: everything would stall for sshj's 30 s timeout. So once the exit status is in, the writer
     * is interrupted; until then it may still be feeding a script that reads stdin after closing its output.
     */
    private void stopWriterOnceEnded(PipelinedSession cmd, Future<?> in) throws TransportException {
        while (!in.isDone() && cmd.getExitStatus() == null && cmd.getExitSignal() == null && cmd.isOpen()) {
            try {
                in.get(10, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillWriting) {
                // Check the exit status again.
            } catch (ExecutionException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException(host + ": interrupted", e);
            }
        }
        in.cancel(true);
    }

    /** The host's answer to the exec request: a refusal (or no answer within the connection's timeout) fails the exec. */
    private void awaitExecReply(PipelinedSession session) throws TransportException {
        try {
            session.awaitExecReply();
        } catch (ConnectionException e) {
            throw broken("the host did not start the command", e);
        }
    }

    /** Sends end-of-file on the command's input at once; a connection that broke shows up in the readers. */
    private static Future<?> endInput(PipelinedSession cmd) {
        try {
            cmd.getOutputStream().close();
        } catch (IOException stoppedReading) {
            // As in writeAll: the readers report a broken connection.
        }
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    private static Void writeAll(OutputStream out, Payload data) {
        try (out; InputStream from = data.open()) {
            // A file's content goes up 64 KiB at a time: the heap holds a buffer per exec, never the file. Should the
            // file be unreadable midway, the host sees its input end early, and the write's check refuses the rest.
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = from.read(buf)) > 0; ) out.write(buf, 0, n);
            // sshj's close() flushes without waiting for window space and then sends EOF: whatever did not fit into
            // the host's window was silently dropped (seen: the last 32 KiB of a 5 MiB input on a busy machine).
            // flush() waits for the window, so everything is sent before the EOF.
            out.flush();
        } catch (IOException stoppedReading) {
            // The script closed its input or ended; a broken connection shows up in the readers.
        }
        return null;
    }

    /** Reads to the end into {@code into}, which keeps what arrived should the session break midway. */
    private static byte[] readAll(InputStream in, ByteArrayOutputStream into) throws IOException {
        try (in) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) into.write(buf, 0, n);
            return into.toByteArray();
        }
    }

    /** Copies the output to {@code to} as it arrives; nothing of it is kept here. */
    private static byte[] copy(InputStream in, OutputStream to) throws IOException {
        try (in) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) to.write(buf, 0, n);
            return new byte[0];
        }
    }

    private byte[] await(Future<byte[]> read) throws TransportException {
        try {
            return read.get();
        } catch (ExecutionException e) {
            throw broken("session broke", e.getCause());
        } catch (InterruptedException e) {
            read.cancel(true);
            Thread.currentThread().interrupt();
            throw new TransportException(host + ": interrupted", e);
        }
    }

    /** The exit status, or 128 + the signal number when the script was killed, as a shell reports it. */
    private int exitCode(PipelinedSession cmd) throws TransportException {
        Integer status = cmd.getExitStatus();
        if (status != null) return status;
        Signal signal = cmd.getExitSignal();
        if (signal == null) throw new TransportException(host + ": the session ended without an exit status");
        return 128 + signalNumber(signal);
    }

    private static int signalNumber(Signal s) {
        switch (s) {
            case HUP: return 1;
            case INT: return 2;
            case QUIT: return 3;
            case ILL: return 4;
            case ABRT: return 6;
            case FPE: return 8;
            case KILL: return 9;
            case USR1: return 10;
            case SEGV: return 11;
            case USR2: return 12;
            case PIPE: return 13;
            case ALRM: return 14;
            case TERM: return 15;
            default: return 127;
        }
    }

    private TransportException broken(String what, Throwable cause) {
        // Closed by Liveness: keep-alives went unanswered for about --timeout (a stopped or cut-off host).
        for (Throwable c = cause; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.startsWith("Did not receive any keep-alive response")) {
                return new TransportException(host + ": " + what + ": the host stopped answering (no reply to keep-alives for"
                        + m.substring("Did not receive any keep-alive response for".length()) + "; --timeout); connection closed", cause);
            }
        }
        String detail = client.isConnected() ? String.valueOf(cause.getMessage()) : "connection lost (" + cause.getMessage() + ")";
        return new TransportException(host + ": " + what + ": " + detail, cause);
    }

    @Override
    public ExecCounter counter() {
        return counter;
    }

    /** Whether the SSH connection is still up (it drops when the host reboots or the network breaks). */
    public boolean isOpen() {
        return client.isConnected();
    }

    @Override
    public void close() {
        SshConnector.closeQuietly(client);
        SshConnector.closeQuietly(jump);
    }
}
