package dev.opsctl.cli;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP server on this machine that fleet hosts can reach, for modules that make requests from the host (uri,
 * authorized_key with a URL). Stopped with {@link #close()}.
 */
final class HostReachableServer implements AutoCloseable {
    /**
     * The address the server listens on and hosts use. Fleet hosts share this machine's network namespace today, so
     * loopback; should each host get a namespace of its own, this is the one line to change (to the host's gateway).
     */
    static final String ADDRESS = "127.0.0.1";

    private final HttpServer server;

    private HostReachableServer(HttpServer server) {
        this.server = server;
    }

    /** A started server on a free port, with no handlers yet. */
    static HostReachableServer start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(ADDRESS), 0), 0);
        s.start();
        return new HostReachableServer(s);
    }

    /** Answers requests under {@code path} with {@code handler}. */
    HostReachableServer handle(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    /** Answers GET {@code path} with 200 and {@code body}. */
    HostReachableServer serve(String path, String body) {
        return handle(path, x -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, bytes.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(bytes);
            }
        });
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://ADDRESS:PORT} followed by {@code path}. */
    String url(String path) {
        return "http://" + ADDRESS + ":" + port() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
