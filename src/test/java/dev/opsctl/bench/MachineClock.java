package dev.opsctl.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Wall time and whole-machine CPU time around a step. CPU comes from the first line of /proc/stat, so it counts
 * every process on the machine: the tool under test, the hosts' sshd and shells, and any unrelated work (which is
 * why the report states the load average).
 */
final class MachineClock {
    /** Jiffies per second; {@code getconf CLK_TCK} is 100 on Linux for every architecture this runs on. */
    private static final double CLK_TCK = 100.0;
    private static final int IDLE = 3;
    private static final int IOWAIT = 4;
    /** user nice system idle iowait irq softirq steal; guest time is already inside user, so it is left out. */
    private static final int FIELDS = 8;

    private MachineClock() {}

    /** A step that may throw; its result is what the caller checks afterwards. */
    interface Step<T> {
        T run() throws Exception;
    }

    record Timed<T>(Measurement measurement, T result) {}

    static <T> Timed<T> measure(String name, Step<T> step) throws Exception {
        long busyBefore = busyJiffies();
        long start = System.nanoTime();
        T result = step.run();
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (busyJiffies() - busyBefore) / CLK_TCK;
        return new Timed<>(new Measurement(name, wall, cpu), result);
    }

    /** All CPUs' busy time so far: every jiffy except idle and iowait. */
    static long busyJiffies() {
        String cpuLine;
        try {
            cpuLine = Files.readAllLines(Path.of("/proc/stat")).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long[] f = Arrays.stream(cpuLine.trim().split("\\s+")).skip(1).limit(FIELDS).mapToLong(Long::parseLong).toArray();
        return Arrays.stream(f).sum() - f[IDLE] - f[IOWAIT];
    }
}
