package dev.opsctl.plan;

/**
 * Cost of one host's run, for {@code --stats}: remote execs and bytes on its connection, and time per phase
 * (planning is the task time not spent carrying changes out).
 */
public record HostStats(long execs, long bytesSent, long bytesReceived, long connectMillis, long factsMillis,
                        long planMillis, long applyMillis) {
    public static final HostStats NONE = new HostStats(0, 0, 0, 0, 0, 0, 0);

    public long totalMillis() {
        return connectMillis + factsMillis + planMillis + applyMillis;
    }
}
