package dev.opsctl.facts;

import static dev.opsctl.facts.FactOutput.parseIntOr;
import static dev.opsctl.facts.FactOutput.parseLong;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ansible's hardware facts (uptime, memory, CPU counts) from the snippet's /proc readings, as LinuxHardware computes them. */
final class HardwareFacts {
    private HardwareFacts() {}

    static void hardware(FactOutput out, Map<String, Object> facts) {
        String up = out.first("uptime");
        if (up.matches("\\d+(\\.\\d+)?")) facts.put("uptime_seconds", (int) Double.parseDouble(up));
        cpu(out.block("cpuinfo"), facts);
        Map<String, Integer> mb = new HashMap<>();
        for (String line : out.block("meminfo")) {
            String[] kv = line.split(":", 2);
            Long kb = kv.length < 2 ? null : parseLong(kv[1].strip().split(" ")[0]);
            if (kb != null) mb.put(kv[0].strip(), (int) (kb / 1024));
        }
        if (!mb.containsKey("MemTotal")) return;
        int total = mb.get("MemTotal");
        int free = mb.getOrDefault("MemFree", 0);
        int nocacheFree = free + mb.getOrDefault("Buffers", 0) + mb.getOrDefault("Cached", 0);
        int swapTotal = mb.getOrDefault("SwapTotal", 0);
        int swapFree = mb.getOrDefault("SwapFree", 0);
        facts.put("memtotal_mb", total);
        facts.put("memfree_mb", free);
        facts.put("swaptotal_mb", swapTotal);
        facts.put("swapfree_mb", swapFree);
        facts.put("memory_mb", ordered(
                "nocache", ordered("free", nocacheFree, "used", total - nocacheFree),
                "real", ordered("free", free, "total", total, "used", total - free),
                "swap", ordered("cached", mb.getOrDefault("SwapCached", 0), "free", swapFree, "total", swapTotal,
                        "used", swapTotal - swapFree)));
    }

    /** Ansible's LinuxHardware.get_cpu_facts for x86 and ARM (sockets from 'physical id', else processor entries). */
    private static void cpu(List<String> lines, Map<String, Object> facts) {
        int processors = 0;
        Map<String, Integer> sockets = new LinkedHashMap<>();
        Map<String, Integer> cores = new LinkedHashMap<>();
        String physid = "0";
        String coreid = "0";
        for (String line : lines) {
            String[] kv = line.split(":", 2);
            String key = kv[0].strip();
            String val = kv.length < 2 ? "" : kv[1].strip();
            switch (key) {
                case "processor" -> processors++;
                case "physical id" -> {
                    physid = val;
                    sockets.putIfAbsent(physid, 1);
                }
                case "core id" -> {
                    coreid = val;
                    // Ansible tests the core id against the sockets map here, a quirk kept for equal counts.
                    if (!sockets.containsKey(coreid)) cores.put(coreid, 1);
                }
                case "cpu cores" -> sockets.put(physid, parseIntOr(val, 1));
                case "siblings" -> cores.put(coreid, parseIntOr(val, 1));
                default -> { }
            }
        }
        if (processors == 0) return;
        int count = sockets.isEmpty() ? processors : sockets.size();
        int coresPerSocket = sockets.isEmpty() ? 1 : Math.max(sockets.values().iterator().next(), 1);
        int threads = cores.isEmpty() ? 1 / coresPerSocket : cores.values().iterator().next() / coresPerSocket;
        facts.put("processor_count", count);
        facts.put("processor_cores", coresPerSocket);
        facts.put("processor_threads_per_core", threads);
        facts.put("processor_vcpus", threads * count * coresPerSocket);
    }

    /** An unmodifiable map of the given key, value pairs in that order (Ansible's JSON lists keys sorted). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return Collections.unmodifiableMap(m);
    }
}
