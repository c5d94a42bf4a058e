package dev.opsctl.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A first connection opened in the background: the caller goes on, and the first exec waits for it. */
class ReopenableConnectionTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Opens a real local connection once {@code go} is released; says who it logs in as before that. */
    private record Gate(CountDownLatch go, AtomicInteger opened, TransportException failure) implements Connector {
        Gate() {
            this(new CountDownLatch(1), new AtomicInteger(), null);
        }

        @Override
        public Connection open(String host, Map<String, Object> vars) throws TransportException {
            try {
                go.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new TransportException("interrupted");
            }
            if (failure != null) throw failure;
            opened.incrementAndGet();
            return new LocalConnection(host);
        }

        @Override
        public Identity identity(String host, Map<String, Object> vars) {
            return new Identity("deploy", false);
        }
    }

    @Test
    void theCallerGoesOnWhileItOpensAndTheFirstExecWaitsForIt() throws Exception {
        Gate gate = new Gate();
        ReopenableConnection c = ReopenableConnection.opening(gate, "h1", Map.of("ansible_host", "127.0.0.1"), executor);
        // Not open yet, and still known: who it will be.
        assertThat(gate.opened()).hasValue(0);
        assertThat(c.user()).isEqualTo("deploy");
        assertThat(c.isLocal()).isFalse();
        gate.go().countDown();
        ExecResult r = c.exec("echo hello", new byte[0]);
        assertThat(r.out()).isEqualTo("hello\n");
        assertThat(gate.opened()).hasValue(1);
        // Open now: the connection itself answers.
        assertThat(c.user()).isEqualTo(System.getProperty("user.name"));
        assertThat(c.isLocal()).isTrue();
        assertThat(c.counter().execs()).isEqualTo(1L);
    }

    @Test
    void aFailureToConnectIsThrownWhereTheCallerWaits() throws Exception {
        Gate gate = new Gate(new CountDownLatch(0), new AtomicInteger(), new TransportException("h1: unreachable: connection refused"));
        ReopenableConnection c = ReopenableConnection.opening(gate, "h1", Map.of(), executor);
        assertThatThrownBy(c::awaitOpen).isInstanceOf(TransportException.class).hasMessage("h1: unreachable: connection refused");
        assertThatThrownBy(() -> c.exec("true", new byte[0])).isInstanceOf(TransportException.class).hasMessageContaining("unreachable");
    }

    @Test
    void closedBeforeItIsOpenItIsClosedOnceOpen() throws Exception {
        Gate gate = new Gate();
        ReopenableConnection c = ReopenableConnection.opening(gate, "h1", Map.of(), executor);
        c.close();
        gate.go().countDown();
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> c.exec("true", new byte[0])).isInstanceOf(TransportException.class).hasMessageContaining("not connected");
    }
}
