package dev.opsctl.transport.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Sockets with Nagle's algorithm off (TCP_NODELAY) for direct SSH connections. With it on, a small packet that follows
 * a larger one (an exec request's end of input, a key exchange's second message) waits in the kernel until the first is
 * acknowledged; the host delays its acknowledgement until it has something to send back, so the small packet leaves
 * one round trip late, exactly the wait that sending it behind the request was meant to save. SSH frames its own
 * packets, and opsctl writes whole packets, so nothing is gained by the kernel coalescing them.
 */
final class NoDelaySockets extends SocketFactory {
    static final NoDelaySockets INSTANCE = new NoDelaySockets();

    private NoDelaySockets() {}

    /** sshj asks for an unconnected socket and connects it itself (with its connect timeout). */
    @Override
    public Socket createSocket() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(new Socket(address, port, localAddress, localPort));
    }

    private static Socket noDelay(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        return s;
    }
}
