package dev.opsctl.module;

/** An argument value that does not fit; the message names the argument. The engine adds the task's file:line. */
public final class ArgException extends RuntimeException {
    public ArgException(String message) {
        super(message);
    }
}
