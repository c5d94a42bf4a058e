package dev.opsctl.transport.ssh;

import dev.opsctl.transport.TransportException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens {@link SshConnection}s for a run. Every host shares one sshj configuration (costly to build), one
 * host key policy and one cache of loaded private keys (an encrypted key is decrypted once, not per host).
 *
 * <p>Authentication offers, in this order: the target's key files (or the default keys), then every key a running
 * ssh-agent holds ({@value SshAgent#SOCKET_ENV}), then the password. OpenSSH offers agent keys before key files;
 * here the files come first because they are what the inventory named, and an agent holding many keys would
 * otherwise spend sshd's MaxAuthTries (6) before the named key is offered.
 */
public final class SshConnector {
    /** Where the passphrase of an encrypted private key comes from; without it, a terminal prompt asks once per key. */
    public static final String PASSPHRASE_ENV = "OPSCTL_KEY_PASSPHRASE";
    private static final Logger LOG = LoggerFactory.getLogger(SshConnector.class);
    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");
    /** Pauses before the 2nd and 3rd try when a host refuses or resets the connection at connect time. */
    private static final List<Duration> RETRY_PAUSES = List.of(Duration.ofMillis(200), Duration.ofMillis(600));

    /** Built on first use, once per JVM. */
    private static final class SharedConfig {
        static final DefaultConfig CONFIG = create();

        private static DefaultConfig create() {
            JdkCrypto.use();
            DefaultConfig config = new DefaultConfig() {
                /**
                 * sshj's default offers some thirty ciphers and creates each one to see whether the JCE allows it, which
                 * cost about 150 ms of CPU per run here. These are the ones OpenSSH prefers (it has had AES-CTR since
                 * 3.7, GCM since 6.2), in OpenSSH's own order, all in any JDK 17 (see JdkCrypto). Not chacha20-poly1305:
                 * sshj asks the JCE for the original ChaCha20, which only Bouncy Castle's provider has.
                 */
                @Override
                protected void initCipherFactories() {
                    setCipherFactories(BlockCiphers.AES128CTR(), BlockCiphers.AES192CTR(), BlockCiphers.AES256CTR(),
                            GcmCiphers.AES128GCM(), GcmCiphers.AES256GCM());
                }
            };
            config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
            return config;
        }
    }

    /** Builds the shared config now (for {@link CryptoWarmup}); connections build it on first use anyway. */
    static void prepareConfig() {
        SharedConfig.CONFIG.getVersion();
    }

    private final HostKeys hostKeys;
    private final String passphrase;
    /** Null when no agent is configured. */
    private final SshAgent agent;
    private final Path defaultKeyDir;
    private final Map<Path, KeyProvider> loadedKeys = new ConcurrentHashMap<>();

    /**
     * A connector that checks host keys with {@code hostKeys}, reads a key passphrase from {@value #PASSPHRASE_ENV}
     * and uses the ssh-agent that {@value SshAgent#SOCKET_ENV} names, if set.
     */
    public SshConnector(HostKeys hostKeys) {
        this(hostKeys, System.getenv(PASSPHRASE_ENV));
    }

    SshConnector(HostKeys hostKeys, String passphrase) {
        this(hostKeys, passphrase, agentSocketFromEnv(), Path.of(System.getProperty("user.home"), ".ssh"));
    }

    /** Settings given rather than read from the environment: {@code agentSocket} null means no agent. */
    SshConnector(HostKeys hostKeys, String passphrase, Path agentSocket, Path defaultKeyDir) {
        this.hostKeys = hostKeys;
        this.passphrase = passphrase;
        this.agent = agentSocket == null ? null : new SshAgent(agentSocket);
        this.defaultKeyDir = defaultKeyDir;
    }

    private static Path agentSocketFromEnv() {
        String value = System.getenv(SshAgent.SOCKET_ENV);
        if (value == null || value.isBlank()) return null;
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            LOG.debug("ignoring {}={}: {}", SshAgent.SOCKET_ENV, value, e.getMessage());
            return null;
        }
    }

    /** Connects and authenticates; the connection then serves the host for the whole run. */
    public SshConnection connect(SshTarget target) throws TransportException {
        SSHClient jump = target.jump() == null ? null : open(target.jump(), null);
        try {
            return new SshConnection(target.name(), target.user(), open(target, jump), jump);
        } catch (TransportException e) {
            closeQuietly(jump);
            throw e;
        }
    }

    /** Connects with a bounded retry: refused or reset at connect time is often a host still starting its sshd. */
    private SSHClient open(SshTarget t, SSHClient via) throws TransportException {
        for (int attempt = 0; ; attempt++) {
            try {
                return openOnce(t, via);
            } catch (RetryableConnectFailure e) {
                if (attempt >= RETRY_PAUSES.size()) throw e.failure;
                try {
                    Thread.sleep(RETRY_PAUSES.get(attempt).toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e.failure;
                }
            }
        }
    }

    private SSHClient openOnce(SshTarget t, SSHClient via) throws TransportException, RetryableConnectFailure {
        SSHClient client = new SSHClient(SharedConfig.CONFIG);
        int timeout = (int) t.connectTimeout().toMillis();
        client.setConnectTimeout(timeout);
        // sshj waits 30 s by default for a key exchange reply, whatever --timeout says. (Its connection timeout stays:
        // it also bounds how long a command may leave its input unread, which --timeout is not about.)
        client.getTransport().setTimeoutMs(timeout);
        // The banner is read with no time limit: a port that accepts and never speaks (or speaks garbage) would hold
        // this host forever. The whole handshake and authentication get --timeout, then the socket is closed under it.
        HandshakeDeadline deadline = HandshakeDeadline.start(client, t.connectTimeout());
        try {
            SSHClient connected = openWithin(t, via, client);
            deadline.cancel();
            if (deadline.expired()) throw handshakeTimeout(t, client, null);
            return connected;
        } catch (TransportException | RetryableConnectFailure | RuntimeException e) {
            if (deadline.expired()) throw handshakeTimeout(t, client, e);
            throw e;
        } finally {
            deadline.cancel();
        }
    }

    private static TransportException handshakeTimeout(SshTarget t, SSHClient client, Exception cause) {
        closeQuietly(client);
        return new TransportException(t.name() + ": unreachable: no SSH handshake within " + t.connectTimeout().toSeconds()
                + " s (" + t.address() + ")", cause);
    }

    private SSHClient openWithin(SshTarget t, SSHClient via, SSHClient client) throws TransportException, RetryableConnectFailure {
        Liveness.watch(client, t);
        HostKeyCheck check = new HostKeyCheck(t.name());
        client.addHostKeyVerifier(check);
        try {
            if (t.proxyCommand() != null) {
                client.setSocketFactory(ProxyCommandSocket.factory(t.proxyCommand(), t.port()));
                client.connect(t.hostname(), t.port());
            } else if (via == null) {
                client.setSocketFactory(NoDelaySockets.INSTANCE);
                client.connect(t.hostname(), t.port());
            } else {
                client.connectVia(via.newDirectConnection(t.hostname(), t.port()));
            }
        } catch (IOException e) {
            closeQuietly(client);
            if (check.refusal != null) throw new TransportException(check.refusal, e);
            throw connectFailure(t, via, e);
        }
        try {
            authenticate(client, t);
            return client;
        } catch (TransportException | RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    private static RetryableConnectFailure connectFailure(SshTarget t, SSHClient via, IOException e) throws TransportException {
        String where = " (" + t.address() + (via == null ? "" : " via " + t.jump().name())
                + (t.proxyCommand() == null ? "" : " via ProxyCommand " + t.proxyCommand()) + ")";
        String prefix = t.name() + ": unreachable: ";
        Throwable root = rootCause(e);
        if (root instanceof ConnectException && String.valueOf(root.getMessage()).contains("refused")) {
            return new RetryableConnectFailure(new TransportException(prefix + "connection refused" + where, e));
        }
        if (root instanceof SocketException && String.valueOf(root.getMessage()).toLowerCase().contains("reset")) {
            return new RetryableConnectFailure(new TransportException(prefix + "connection reset" + where, e));
        }
        // sshd drops connections beyond MaxStartups during the handshake: the same case as a reset.
        if (root instanceof EOFException || String.valueOf(e.getMessage()).contains("encountered EOF")) {
            return new RetryableConnectFailure(new TransportException(prefix + "connection closed during the SSH handshake" + where, e));
        }
        if (root instanceof SocketTimeoutException) {
            throw new TransportException(prefix + "no answer within " + t.connectTimeout().toSeconds() + " s" + where, e);
        }
        if (root instanceof UnknownHostException) {
            throw new TransportException(prefix + "unknown host name " + t.hostname() + where, e);
        }
        throw new TransportException(prefix + root.getMessage() + where, e);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    private void authenticate(SSHClient client, SshTarget t) throws TransportException {
        List<Path> keyFiles = keyFiles(t);
        List<AuthMethod> methods = new ArrayList<>();
        List<KeyProvider> fileKeys = new ArrayList<>();
        for (Path file : keyFiles) {
            KeyProvider key = key(client, t, file);
            fileKeys.add(key);
            // Signed at once: no round trip to ask whether the server would take the key (see SignedPublickey).
            methods.add(new SignedPublickey(key));
        }
        String agentKeys = agent == null ? "" : ", " + addAgentKeys(t, fileKeys, methods);
        if (t.password() != null) methods.add(new AuthPassword(fixed(t.password())));
        String tried = "user " + t.user() + ", keys: "
                + (keyFiles.isEmpty() ? "none" : keyFiles.stream().map(Path::toString).collect(Collectors.joining(", ")))
                + agentKeys + (t.password() == null ? "" : ", password");
        if (methods.isEmpty() && agent == null) {
            throw new TransportException(t.name() + ": no credentials (" + tried + "; none of " + defaultKeyDir + "/"
                    + String.join(", " + defaultKeyDir + "/", DEFAULT_KEYS) + " exists)");
        }
        // A configured agent is a credential source even when it is gone or empty: say how it failed.
        if (methods.isEmpty()) throw new TransportException(t.name() + ": authentication failed (" + tried + ")");
        try {
            client.auth(t.user(), methods);
        } catch (UserAuthException e) {
            throw new TransportException(t.name() + ": authentication failed (" + tried + ")", e);
        } catch (IOException e) {
            throw new TransportException(t.name() + ": connection lost during authentication: " + e.getMessage(), e);
        }
    }

    /** Adds a method for each agent key not already offered as a file; returns what the agent gave, for messages. */
    private String addAgentKeys(SshTarget t, List<KeyProvider> fileKeys, List<AuthMethod> methods) {
        List<SshAgent.Identity> keys;
        try {
            keys = agent.identities();
        } catch (IOException e) {
            // A stale SSH_AUTH_SOCK (the agent of a login long gone) must not stop key files or a password.
            LOG.debug("{}: ssh-agent at {} not reachable", t.name(), agent.socket(), e);
            return "agent " + agent.socket() + ": not reachable (" + e.getMessage() + ")";
        }
        List<byte[]> fileBlobs = fileKeys.stream().map(SshConnector::publicBlob).collect(Collectors.toList());
        int added = 0;
        for (SshAgent.Identity key : keys) {
            if (KeyType.fromString(key.keyType()) == KeyType.UNKNOWN) {
                LOG.debug("{}: skipping agent key {}: sshj does not know its type", t.name(), key);
            } else if (fileBlobs.stream().noneMatch(blob -> Arrays.equals(blob, key.blob()))) {
                methods.add(new AgentAuth(agent, key));
                added++;
            }
        }
        return "agent " + agent.socket() + ": " + added + (added == 1 ? " key" : " keys");
    }

    private static byte[] publicBlob(KeyProvider key) {
        try {
            return new Buffer.PlainBuffer().putPublicKey(key.getPublic()).getCompactData();
        } catch (IOException e) {
            // key() has read the public key already; should a provider fail now, its agent twin is simply offered too.
            return new byte[0];
        }
    }

    private List<Path> keyFiles(SshTarget t) throws TransportException {
        if (!t.identityFiles().isEmpty()) {
            for (Path f : t.identityFiles()) {
                if (!Files.isReadable(f)) throw new TransportException(t.name() + ": private key file " + f + " not found or not readable");
            }
            return t.identityFiles();
        }
        return DEFAULT_KEYS.stream().map(defaultKeyDir::resolve).filter(Files::isReadable).collect(Collectors.toList());
    }

    /**
     * Loads (and decrypts, eagerly) a key once per run; every host that names the same file shares it.
     * Synchronized so that many hosts connecting at once ask for a passphrase once, not once each.
     */
    private synchronized KeyProvider key(SSHClient client, SshTarget t, Path file) throws TransportException {
        KeyProvider cached = loadedKeys.get(file);
        if (cached != null) return cached;
        PassphraseFinder finder = new PassphraseFinder(passphrase, file);
        try {
            KeyProvider key = client.loadKeys(file.toString(), finder);
            key.getPublic();
            key.getPrivate();
            loadedKeys.putIfAbsent(file, key);
            return key;
        } catch (IOException | RuntimeException e) {
            if (finder.asked && passphrase == null) {
                throw new TransportException(t.name() + ": private key " + file + " is encrypted; set " + PASSPHRASE_ENV + " to its passphrase", e);
            }
            if (finder.asked) {
                throw new TransportException(t.name() + ": cannot decrypt private key " + file + " with the passphrase in " + PASSPHRASE_ENV, e);
            }
            throw new TransportException(t.name() + ": cannot read private key " + file + ": " + e.getMessage(), e);
        }
    }

    static void closeQuietly(SSHClient client) {
        if (client == null) return;
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // Closing a connection that is already gone: nothing left to release.
        }
    }

    private static PasswordFinder fixed(String password) {
        return new PasswordFinder() {
            @Override
            public char[] reqPassword(Resource<?> resource) {
                return password.toCharArray();
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) {
                return false;
            }
        };
    }

    /**
     * Gives the configured passphrase, or asks on the terminal when there is one, and remembers that the key
     * asked for one (to explain a failure).
     */
    static final class PassphraseFinder implements PasswordFinder {
        private final String passphrase;
        private final Path file;
        volatile boolean asked;

        PassphraseFinder(String passphrase, Path file) {
            this.passphrase = passphrase;
            this.file = file;
        }

        @Override
        public char[] reqPassword(Resource<?> resource) {
            asked = true;
            if (passphrase != null) return passphrase.toCharArray();
            java.io.Console console = System.console();
            return console == null ? null : console.readPassword("Passphrase for key %s: ", file);
        }

        @Override
        public boolean shouldRetry(Resource<?> resource) {
            return false;
        }
    }

    /** Checks one host's key with {@link HostKeys} and keeps the reason of a refusal for the error message. */
    private final class HostKeyCheck implements HostKeyVerifier {
        private final String name;
        volatile String refusal;

        HostKeyCheck(String name) {
            this.name = name;
        }

        @Override
        public boolean verify(String hostname, int port, PublicKey key) {
            refusal = hostKeys.refusal(name, hostname, port, key).orElse(null);
            return refusal == null;
        }

        @Override
        public List<String> findExistingAlgorithms(String hostname, int port) {
            return hostKeys.knownAlgorithms(hostname, port);
        }
    }

    /** A connect-time failure worth another try; carries the error to report if the tries run out. */
    private static final class RetryableConnectFailure extends Exception {
        final TransportException failure;

        RetryableConnectFailure(TransportException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }
}
