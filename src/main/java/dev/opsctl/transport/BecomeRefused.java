package dev.opsctl.transport;

/**
 * sudo refused to run a command (a wrong or missing become password, a user not allowed to): the host was reached
 * and answered, so it is the task's failure, never "unreachable".
 */
public final class BecomeRefused extends RuntimeException {
    public BecomeRefused(String message) {
        super(message, null, false, false);
    }
}
