package dev.opsctl.cli;

import dev.opsctl.exec.Interruption;
import java.io.PrintStream;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM for a command-line run: the first asks the run to stop cleanly (see {@link Interruption}); the
 * second ends the process at once. Nothing partial is left at a final name either way: every write is verified on the
 * host before its rename, and a dropped connection makes the host's write remove its temp file.
 */
final class Signals {
    private Signals() {}

    static void install(PrintStream err) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    // Nothing to stop cleanly (loading, a reboot, an inventory listing): end as by default.
                    if (!Interruption.runUnderWay()) System.exit(Interruption.exitCode(name));
                    if (Interruption.request(name)) {
                        err.println("opsctl: second signal (SIG" + name + "): aborting now.");
                        err.flush();
                        Runtime.getRuntime().halt(Interruption.exitCode(name));
                    }
                    err.println("opsctl: SIG" + name + ": stopping; each host finishes the remote command under way (signal again to abort now).");
                    err.flush();
                });
            } catch (IllegalArgumentException unsupported) {
                // A JVM that reserves the signal (-Xrs) keeps its default: the process ends.
            }
        }
    }
}
