package dev.opsctl.cli;

/** A command ends with a message and an exit code; {@link Main} prints it and exits. */
final class CliException extends RuntimeException {
    final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }
}
