package dev.opsctl.exec;

/** A value a task needs is only known once an earlier task has run (a {@code register} of a command, in a plan). */
final class KnownAfterApply extends RuntimeException {
    final String variable;

    KnownAfterApply(String variable) {
        super("depends on '" + variable + "', known after apply", null, false, false);
        this.variable = variable;
    }

    /** What the host will be like after an earlier task whose effects a plan cannot predict (a package, a command). */
    static KnownAfterApply after(String earlierTask, String whyNotNow) {
        return new KnownAfterApply(null, whyNotNow + " now; '" + earlierTask + "' runs first: known after apply");
    }

    /** What an earlier task's planned change creates (a planned {@code user} task's user), not there yet. */
    static KnownAfterApply createdEarlier(String whyNotNow) {
        return new KnownAfterApply(null, whyNotNow + " now; an earlier task creates it: known after apply");
    }

    private KnownAfterApply(String variable, String message) {
        super(message, null, false, false);
        this.variable = variable;
    }
}
