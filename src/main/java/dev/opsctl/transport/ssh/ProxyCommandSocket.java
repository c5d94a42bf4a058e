package dev.opsctl.transport.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * The SSH stream over a {@code ProxyCommand}, as OpenSSH runs it: {@code sh -c "exec COMMAND"} on this machine, the
 * session's bytes on its standard input and output. sshj takes it as an already connected socket.
 */
final class ProxyCommandSocket extends Socket {
    private final String command;
    private final int port;
    private final Process process;
    private int soTimeout;

    private ProxyCommandSocket(String command, int port) throws IOException {
        this.command = command;
        this.port = port;
        // Its messages go where OpenSSH sends them: to the user's standard error.
        this.process = new ProcessBuilder("/bin/sh", "-c", "exec " + command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * A factory whose every socket runs {@code command} (its %-tokens already expanded) for the host's {@code port},
     * which the socket reports as its remote port: known_hosts entries are looked up by it.
     */
    static SocketFactory factory(String command, int port) {
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return new ProxyCommandSocket(command, port);
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return createSocket();
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return createSocket();
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return createSocket();
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
                return createSocket();
            }
        };
    }

    @Override
    public int getPort() {
        return port;
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public boolean isClosed() {
        return !process.isAlive();
    }

    @Override
    public InputStream getInputStream() {
        return process.getInputStream();
    }

    @Override
    public OutputStream getOutputStream() {
        return process.getOutputStream();
    }

    @Override
    public void setSoTimeout(int timeout) {
        soTimeout = timeout;
    }

    @Override
    public int getSoTimeout() {
        return soTimeout;
    }

    @Override
    public void setTcpNoDelay(boolean on) {
        // No TCP here: the command's pipes.
    }

    @Override
    public void setKeepAlive(boolean on) {
        // No TCP here: the command's pipes.
    }

    @Override
    public void close() {
        process.destroy();
    }

    @Override
    public String toString() {
        return "ProxyCommand[" + command + "]";
    }
}
