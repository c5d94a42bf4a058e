package dev.opsctl.diag;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Warnings about the input that do not stop a run (a duplicate YAML key: the last one wins, as in Ansible), gathered
 * wherever files are read and shown once by the command line.
 */
public final class Warnings {
    private static final Set<String> PENDING = new LinkedHashSet<>();

    private Warnings() {}

    public static void add(Source at, String message) {
        synchronized (PENDING) {
            PENDING.add(at + ": " + message);
        }
    }

    /** Every warning since the last call, each once, in the order first seen. */
    public static List<String> drain() {
        synchronized (PENDING) {
            List<String> out = new ArrayList<>(PENDING);
            PENDING.clear();
            return out;
        }
    }
}
