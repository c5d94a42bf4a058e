package dev.opsctl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the opsctl command line in-process, capturing what a user would see. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** {@code opsctl COMMAND PLAYBOOK -i INVENTORY --known-hosts=...} against a test fleet, with more options. */
    static CliRun onFleet(dev.opsctl.fleet.Fleet fleet, String command, java.nio.file.Path playbook, java.nio.file.Path inventory,
                          String... more) {
        String[] args = new String[5 + more.length];
        args[0] = command;
        args[1] = playbook.toString();
        args[2] = "-i";
        args[3] = inventory.toString();
        args[4] = "--known-hosts=" + fleet.knownHosts();
        System.arraycopy(more, 0, args, 5, more.length);
        return of(args);
    }
}
