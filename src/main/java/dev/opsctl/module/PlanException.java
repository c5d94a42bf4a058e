package dev.opsctl.module;

/** The host's state makes a task impossible ("Destination /etc/x does not exist !"); planning the host fails with this message. */
public final class PlanException extends RuntimeException {
    public PlanException(String message) {
        super(message);
    }
}
