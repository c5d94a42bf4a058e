package dev.opsctl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine the numbers come from, read before the fleets start. */
record Machine(int cpus, String model, String loadAverage) {
    static Machine read() throws IOException {
        String model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst().orElse("unknown CPU");
        String[] load = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return new Machine(Runtime.getRuntime().availableProcessors(), model, load[0] + " " + load[1] + " " + load[2]);
    }

    /** A 1-minute load average above the CPU count means other work shared the machine with the benchmark. */
    boolean busy() {
        return Double.parseDouble(loadAverage.split(" ")[0]) > cpus;
    }
}
