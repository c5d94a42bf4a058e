package dev.opsctl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The delay proxy behind the latency benchmark's round-trip counts: real TCP through it to a line server that greets
 * each client unasked, then answers each line it reads with "ok LINE".
 */
class DelayProxyTest {
    @Test
    void countsOneRoundTripPerWaitedAnswerAndNoneForTheGreeting() throws Exception {
        try (LineServer server = new LineServer();
             DelayProxy proxy = DelayProxy.start(server.address(), Duration.ofMillis(10));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            BufferedReader in = reader(s);
            OutputStream out = s.getOutputStream();
            assertThat(in.readLine()).isEqualTo("hello");
            // Three requests, each waiting for its answer: three round trips.
            for (String word : new String[] {"a", "b", "c"}) {
                send(out, word + "\n");
                assertThat(in.readLine()).isEqualTo("ok " + word);
            }
            // Three requests sent at once, then three answers: one more.
            send(out, "d\ne\nf\n");
            assertThat(in.readLine()).isEqualTo("ok d");
            assertThat(in.readLine()).isEqualTo("ok e");
            assertThat(in.readLine()).isEqualTo("ok f");
            s.shutdownOutput();
            assertThat(in.readLine()).as("the server's close is passed on").isNull();

            assertThat(proxy.conversations()).hasSize(1);
            DelayProxy.Conversation c = proxy.conversations().get(0);
            assertThat(c.count()).isEqualTo(4);
            assertThat(c.roundTrips()).extracting(DelayProxy.RoundTrip::clientBytes).containsExactly(2L, 2L, 2L, 6L);
            assertThat(c.roundTrips()).extracting(DelayProxy.RoundTrip::serverBytes).containsExactly(5L, 5L, 5L, 15L);
            assertThat(c.clientBytes()).isEqualTo(12);
            assertThat(c.serverBytes()).isEqualTo(6 + 30);
        }
    }

    @Test
    void keepsBytesInOrderAndCountsEachConnectionApart() throws Exception {
        try (LineServer server = new LineServer();
             DelayProxy proxy = DelayProxy.start(server.address(), Duration.ofMillis(4))) {
            for (int conn = 0; conn < 2; conn++) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                    BufferedReader in = reader(s);
                    in.readLine();
                    StringBuilder many = new StringBuilder();
                    for (int i = 0; i < 2000; i++) many.append(i).append('\n');
                    send(s.getOutputStream(), many.toString());
                    for (int i = 0; i < 2000; i++) assertThat(in.readLine()).isEqualTo("ok " + i);
                    send(s.getOutputStream(), "last\n");
                    assertThat(in.readLine()).isEqualTo("ok last");
                }
            }
            assertThat(proxy.conversations()).hasSize(2);
            // However the large write and its answers are cut into chunks, they are one round trip; the last line one more.
            for (DelayProxy.Conversation c : proxy.conversations()) {
                assertThat(c.count()).isEqualTo(2);
                assertThat(c.roundTrips().get(1).clientBytes()).isEqualTo(5);
            }
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Greets with "hello", answers every line with "ok LINE" (one write each), closes when the client does. */
    private static final class LineServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        LineServer() throws IOException {
            Thread t = new Thread(this::serve, "line-server");
            t.setDaemon(true);
            t.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }

        private void serve() {
            while (true) {
                try (Socket s = socket.accept()) {
                    BufferedReader in = reader(s);
                    OutputStream out = s.getOutputStream();
                    send(out, "hello\n");
                    for (String line; (line = in.readLine()) != null; ) send(out, "ok " + line + "\n");
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
