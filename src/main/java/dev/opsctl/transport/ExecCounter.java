package dev.opsctl.transport;

import java.util.concurrent.atomic.AtomicLong;

/** Counts remote execs and bytes each way on one connection. */
public final class ExecCounter {
    private final AtomicLong execs = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();

    public void record(String script, byte[] stdin, ExecResult result) {
        execs.incrementAndGet();
        bytesSent.addAndGet(script.length() + stdin.length);
        bytesReceived.addAndGet(result.stdout().length + result.stderr().length);
    }

    public void record(String script, long stdinSize, ExecResult result) {
        execs.incrementAndGet();
        bytesSent.addAndGet(script.length() + stdinSize);
        bytesReceived.addAndGet(result.stdout().length + result.stderr().length);
    }

    public long execs() { return execs.get(); }
    public long bytesSent() { return bytesSent.get(); }
    public long bytesReceived() { return bytesReceived.get(); }
}
