package dev.opsctl.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on 127.0.0.1 that stands for a network with a given round-trip time (this kernel has no netem): every
 * chunk of bytes, in either direction, is delivered half the RTT after it arrived, in order (one queue per direction,
 * drained by its own thread, so a slow side never reorders or merges anything). It also counts each connection's
 * round trips, which unlike wall time do not depend on how busy the machine is.
 *
 * <p>Round trips are counted as the chain of waits they are: each chunk gets a level, the number of answers it waited
 * for. A chunk from the client has the level of the last server chunk delivered to the client before it arrived (0 if
 * none); a chunk from the server has one more than the last client chunk delivered to the server before it arrived (0
 * if none), and the server's first line (its SSH banner) is always 0: it is sent unasked, whenever a busy host gets
 * round to it. A connection's round trips are its highest level: a client that sends data and
 * then its end without waiting in between pays one round trip, not two, however the bytes are cut into chunks. The
 * count is meant for an RTT above zero: at zero, which side a chunk follows is up to the scheduler.
 */
public final class DelayProxy implements AutoCloseable {
    /** With DELAY_PROXY_TRACE=1, every chunk is printed as it arrives (direction, time, size, level): for debugging. */
    private static final boolean TRACE = "1".equals(System.getenv("DELAY_PROXY_TRACE"));
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final long halfRttNanos;
    private final List<Conversation> conversations = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private DelayProxy(InetSocketAddress target, Duration rtt) throws IOException {
        this.listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        this.target = target;
        this.halfRttNanos = rtt.toNanos() / 2;
        daemon("delay-proxy-accept-" + port(), this::acceptLoop).start();
    }

    /** A proxy on a free port of 127.0.0.1 to {@code target}, delaying each direction by {@code rtt} / 2. */
    public static DelayProxy start(InetSocketAddress target, Duration rtt) throws IOException {
        return new DelayProxy(target, rtt);
    }

    /** The port clients connect to instead of the target's. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Every connection made through this proxy so far, in the order they were accepted. */
    public List<Conversation> conversations() {
        return List.copyOf(conversations);
    }

    /** Forgets the connections counted so far, to count the next step alone. */
    public void resetCounts() {
        conversations.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            try {
                Socket server = new Socket();
                server.connect(target);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                Conversation c = new Conversation(System.nanoTime());
                conversations.add(c);
                relay(c, client, server, true);
                relay(c, server, client, false);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** One direction: a reader that stamps each chunk as it arrives, a writer that sends it once its time has come. */
    private void relay(Conversation c, Socket from, Socket to, boolean clientToServer) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        String name = "delay-proxy-" + port() + (clientToServer ? "-up" : "-down");
        daemon(name + "-read", () -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    long now = System.nanoTime();
                    // The server's first line (its SSH banner) is sent unasked, however late a busy host sends it.
                    int banner = clientToServer ? 0 : c.bannerBytes(buf, n);
                    if (banner > 0) queue.add(new Chunk(now + halfRttNanos, java.util.Arrays.copyOf(buf, banner), 0));
                    if (banner == n) continue;
                    int level = clientToServer ? c.clientChunkLevel() : c.serverChunk(now, n - banner);
                    if (TRACE) System.err.printf("delay-proxy %d %s %6.1f ms %6d bytes level %d%n", port(), clientToServer ? "C>S" : "S>C",
                            (now - c.acceptedNanos) / 1e6, n - banner, level);
                    queue.add(new Chunk(now + halfRttNanos, java.util.Arrays.copyOfRange(buf, banner, n), level));
                }
            } catch (IOException ended) {
                // The side closed or reset: what arrived before still goes through, then the end is passed on.
            }
            queue.add(Chunk.END);
        }).start();
        daemon(name + "-write", () -> {
            try {
                OutputStream out = to.getOutputStream();
                for (Chunk chunk; (chunk = queue.take()) != Chunk.END; ) {
                    for (long wait; (wait = chunk.deliverAt - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
                    // Counted before the write: once written, the answer (and the next chunk) may arrive at any moment.
                    c.delivered(clientToServer, chunk.level, chunk.bytes.length);
                    out.write(chunk.bytes);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException | InterruptedException gone) {
                closeQuietly(to);
                closeQuietly(from);
            }
        }).start();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        sockets.forEach(DelayProxy::closeQuietly);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Tearing down: a socket that fails to close is closed enough.
        }
    }

    private record Chunk(long deliverAt, byte[] bytes, int level) {
        static final Chunk END = new Chunk(0, new byte[0], 0);
    }

    /**
     * One connection's exchange as round trips: for each, the bytes the client sent having seen the answers before it,
     * the bytes the server answered them with, and when that answer began (ms after the connection was accepted).
     */
    public static final class Conversation {
        private final long acceptedNanos;
        /** Index L: bytes of client chunks at level L, server chunks at level L + 1, when the first of those arrived. */
        private final List<long[]> levels = new ArrayList<>();
        private int seenByClient;
        private int heardByServer = -1;
        private boolean bannerDone;
        private long clientBytes;
        private long serverBytes;

        Conversation(long acceptedNanos) {
            this.acceptedNanos = acceptedNanos;
        }

        synchronized int clientChunkLevel() {
            return seenByClient;
        }

        /** How many of these first bytes from the server are still its first line (counted, never an answer). */
        synchronized int bannerBytes(byte[] bytes, int n) {
            int i = 0;
            while (i < n && !bannerDone) bannerDone = bytes[i++] == '\n';
            return i;
        }

        synchronized int serverChunk(long at, int n) {
            if (heardByServer < 0) return 0;
            int level = heardByServer + 1;
            long[] trip = level(heardByServer);
            if (trip[1] == 0) trip[2] = at - acceptedNanos;
            trip[1] += n;
            return level;
        }

        synchronized void delivered(boolean toServer, int level, int n) {
            if (toServer) {
                clientBytes += n;
                heardByServer = Math.max(heardByServer, level);
                level(level)[0] += n;
            } else {
                serverBytes += n;
                seenByClient = Math.max(seenByClient, level);
            }
        }

        private long[] level(int l) {
            while (levels.size() <= l) levels.add(new long[3]);
            return levels.get(l);
        }

        /** The round trips: the longest chain of waits for an answer on this connection. */
        public synchronized int count() {
            return (int) levels.stream().filter(t -> t[1] > 0).count();
        }

        public synchronized List<RoundTrip> roundTrips() {
            return levels.stream().filter(t -> t[1] > 0).map(t -> new RoundTrip(t[2] / 1_000_000.0, t[0], t[1])).toList();
        }

        public synchronized long clientBytes() {
            return clientBytes;
        }

        public synchronized long serverBytes() {
            return serverBytes;
        }
    }

    /** One round trip: the client's bytes that asked, the server's bytes that answered, when the answer began. */
    public record RoundTrip(double atMillis, long clientBytes, long serverBytes) {}
}
