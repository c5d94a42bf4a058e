package dev.opsctl.cli;

import dev.opsctl.fleet.Fleet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the opsctl command line in-process, capturing what a user would see. */
record CliRun(int exitCode, String out, String err) {
    /** {@code COMMAND PLAYBOOK -i INVENTORY --known-hosts=FLEET'S MORE...}: a run against a test fleet. */
    static CliRun onFleet(Fleet fleet, String command, Path playbook, Path inventory, String... more) {
        List<String> args = new ArrayList<>(List.of(command, playbook.toString(), "-i", inventory.toString(),
                "--known-hosts=" + fleet.knownHosts()));
        args.addAll(List.of(more));
        return of(args.toArray(String[]::new));
    }

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }
}
