package dev.opsctl.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/** Runs scripts on this machine ({@code ansible_connection=local}). */
public final class LocalConnection implements Connection {
    private final String host;
    private final ExecCounter counter = new ExecCounter();

    public LocalConnection(String host) {
        this.host = host;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public ExecResult exec(String script, byte[] stdin) throws TransportException {
        Process p;
        try {
            p = new ProcessBuilder("sh", "-c", script).start();
        } catch (IOException e) {
            throw new TransportException("cannot start sh: " + e.getMessage(), e);
        }
        try {
            // Read both streams while writing stdin, so neither side blocks on a full pipe.
            CompletableFuture<byte[]> out = readAll(p.getInputStream());
            CompletableFuture<byte[]> err = readAll(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException ignored) {
                // The script ended without reading all of its input; its exit code tells the story.
            }
            int code = p.waitFor();
            ExecResult result = new ExecResult(code, out.join(), err.join());
            counter.record(script, stdin, result);
            return result;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted", e);
        }
    }

    private static CompletableFuture<byte[]> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }

    @Override
    public ExecCounter counter() {
        return counter;
    }

    @Override
    public void close() {}
}
