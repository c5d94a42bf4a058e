package dev.opsctl.transport.ssh;

import java.util.concurrent.TimeUnit;
import net.schmizz.concurrent.Event;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.SessionChannel;
import net.schmizz.sshj.transport.TransportException;

/**
 * A session channel whose exec request does not wait for its reply before the command's input goes out. sshj's
 * {@code exec} blocks until the server says yes, so the script's input and its end-of-file leave one round trip later;
 * RFC 4254 lets the client send data right behind a request (the channel's window is open since the open
 * confirmation), and the server reads them in order. The reply is still asked for and checked ({@link #awaitExecReply}):
 * a refused exec is an error, never an exit status.
 *
 * <p>The channel open itself must be waited for: the exec request names the server's channel number, which only the
 * open confirmation tells.
 */
final class PipelinedSession extends SessionChannel {
    private Event<ConnectionException> execReply;

    private PipelinedSession(SSHClient client) {
        super(client.getConnection(), client.getRemoteCharset());
    }

    /** Opens a session channel on {@code client}, waiting for the server's confirmation. */
    static PipelinedSession open(SSHClient client) throws ConnectionException, TransportException {
        PipelinedSession session = new PipelinedSession(client);
        session.open();
        return session;
    }

    /** Sends the exec request and returns at once; its input may be written right away. Once per session. */
    void execWithoutWaiting(String command) throws TransportException {
        if (execReply != null) throw new IllegalStateException("this session has run its command");
        execReply = sendChannelRequest("exec", true, new Buffer.PlainBuffer().putString(command, getRemoteCharset()));
    }

    /** Waits for the server's answer to the exec request; throws when it refused (or the connection's timeout passed). */
    void awaitExecReply() throws ConnectionException {
        execReply.await(conn.getTimeoutMs(), TimeUnit.MILLISECONDS);
    }
}
