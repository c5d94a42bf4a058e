package dev.opsctl.transport.ssh;

import com.hierynomus.sshj.key.KeyAlgorithm;
import java.io.IOException;
import java.util.LinkedList;
import java.util.Optional;
import java.util.Queue;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * The {@code publickey} method (RFC 4252 §7) for one key held by ssh-agent: the agent signs what sshj's
 * {@code AuthPublickey} would sign with a key file, the session id followed by the signed request.
 *
 * <p>Like {@code AuthPublickey} it first offers the key unsigned and asks the agent only once the server accepts
 * it, so a confirm-on-use agent prompts for the key that will actually be used. It tries each signature algorithm
 * the server accepts for the key type in turn (rsa-sha2-512, rsa-sha2-256, ... for RSA), as sshj's
 * {@code KeyedAuthMethod} does; one instance serves one connection.
 */
final class AgentAuth extends AbstractAuthMethod {
    private final SshAgent agent;
    private final SshAgent.Identity key;
    private Queue<KeyAlgorithm> algorithms;

    AgentAuth(SshAgent agent, SshAgent.Identity key) {
        super("publickey");
        this.agent = agent;
        this.key = key;
    }

    @Override
    public void handle(Message cmd, SSHPacket buf) throws UserAuthException, TransportException {
        // USERAUTH_60 is SSH_MSG_USERAUTH_PK_OK here: the server would accept a signature by this key.
        if (cmd == Message.USERAUTH_60) {
            params.getTransport().write(signedRequest());
        } else {
            super.handle(cmd, buf);
        }
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        return request(false);
    }

    @Override
    public boolean shouldRetry() {
        if (algorithms == null) return false;
        algorithms.poll();
        return !algorithms.isEmpty();
    }

    private SSHPacket request(boolean signed) throws UserAuthException {
        return super.buildReq().putBoolean(signed).putString(algorithm()).putString(key.blob());
    }

    private SSHPacket signedRequest() throws UserAuthException {
        String algorithm = algorithm();
        SSHPacket request = request(true);
        byte[] signed = new Buffer.PlainBuffer()
                .putString(params.getTransport().getSessionID())
                .putBuffer(request)
                .getCompactData();
        Optional<byte[]> signature;
        try {
            signature = agent.sign(key, signed, SshAgent.flagsFor(algorithm));
        } catch (IOException e) {
            throw new UserAuthException("ssh-agent at " + agent.socket() + " could not sign with " + key + ": " + e.getMessage(), e);
        }
        if (signature.isEmpty()) throw new UserAuthException("ssh-agent refused to sign with " + key + " (" + algorithm + ")");
        // The agent's answer is already the signature blob (string algorithm, string signature) the request ends with.
        return request.putString(signature.get());
    }

    private String algorithm() throws UserAuthException {
        if (algorithms == null) {
            try {
                algorithms = new LinkedList<>(params.getTransport().getClientKeyAlgorithms(KeyType.fromString(key.keyType())));
            } catch (TransportException e) {
                throw new UserAuthException("no signature algorithm for " + key + ": " + e.getMessage(), e);
            }
        }
        KeyAlgorithm next = algorithms.peek();
        if (next == null) throw new UserAuthException("no signature algorithm the server and sshj share for " + key.keyType() + " keys");
        return next.getKeyAlgorithm();
    }

    @Override
    public String toString() {
        return "ssh-agent key " + key;
    }
}
