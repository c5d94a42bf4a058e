package dev.opsctl.template;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds the shared Jinjava engine and runs its parser and a filter once, on a background thread. A run's first
 * rendering otherwise comes only after a host's connection is up (the fact queries are worked out from the rendered
 * tasks), with Jinjava's start-up on the critical path between authentication and the fact exec; started before the
 * playbook is loaded, this work overlaps loading and connecting instead. No variables, no output, no host.
 */
public final class TemplaterWarmup {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private TemplaterWarmup() {}

    /** Starts the warm-up once per process; returns at once. */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) return;
        Thread t = new Thread(TemplaterWarmup::warm, "opsctl-template-warmup");
        t.setDaemon(true);
        t.start();
    }

    private static void warm() {
        try {
            new Templater().render("{{ warm | join(',') | upper if warm is defined else '' }}", Map.of("warm", List.of("a", "b")), null);
        } catch (RuntimeException e) {
            // Only a head start: the run builds the engine itself, and reports what fails there.
        }
    }
}
