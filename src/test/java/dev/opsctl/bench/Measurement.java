package dev.opsctl.bench;

/** One timed step: wall seconds and whole-machine CPU seconds spent while it ran (client, hosts' sshd and anything else). */
record Measurement(String step, double wallSeconds, double cpuSeconds) {
    /** This step's cost divided by another's, in wall time and in CPU time. */
    Ratio over(Measurement base) {
        return new Ratio(wallSeconds / base.wallSeconds, cpuSeconds / base.cpuSeconds);
    }

    record Ratio(double wall, double cpu) {}
}
