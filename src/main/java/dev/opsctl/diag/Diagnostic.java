package dev.opsctl.diag;

/** One problem with the user's input, where it is and what was expected. */
public record Diagnostic(Source at, String message) {
    @Override
    public String toString() {
        return at + ": " + message;
    }
}
