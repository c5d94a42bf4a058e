package dev.opsctl.transport.ssh;

import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.KeyedAuthMethod;

/**
 * The {@code publickey} method (RFC 4252 §7) sending the signed request at once. sshj's {@code AuthPublickey}, like
 * OpenSSH's client, first asks whether the server would accept the key and signs only after its yes: one round trip
 * more per connection for an answer that, with the key the inventory names, is nearly always yes. RFC 4252 lets a
 * client send the signature straight away; a server that refuses the key answers with the same failure either way.
 *
 * <p>The price is a signature per key the server refuses (an ed25519 or ECDSA signature costs microseconds; the key is
 * already decrypted). Keys held by ssh-agent keep the query first ({@link AgentAuth}): a confirm-on-use agent must
 * prompt only for the key that will be used. Like sshj's method, a refused signature is retried with the next
 * algorithm the server accepts for the key type (rsa-sha2-512, rsa-sha2-256, ssh-rsa).
 */
final class SignedPublickey extends KeyedAuthMethod {
    SignedPublickey(KeyProvider key) {
        super("publickey", key);
    }

    /** The request with {@code TRUE} for "has signature", the algorithm and key, and the signature over all of it. */
    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        return putSig(putPubKey(super.buildReq().putBoolean(true)));
    }

    @Override
    public String toString() {
        return "publickey " + kProv;
    }
}
