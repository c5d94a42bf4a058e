package dev.opsctl.exec;

/** A value a task needs is only known once an earlier task has run (a {@code register} of a command, in a plan). */
final class KnownAfterApply extends RuntimeException {
    final String variable;

    KnownAfterApply(String variable) {
        super("depends on '" + variable + "', known after apply", null, false, false);
        this.variable = variable;
    }
}
