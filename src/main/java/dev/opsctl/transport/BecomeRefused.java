package dev.opsctl.transport;

/**
 * sudo refused to run a command (a wrong or missing become password, a user not allowed to, a become user that does
 * not exist): the host was reached and answered, so it is the task's failure, never "unreachable".
 */
public final class BecomeRefused extends RuntimeException {
    private final String unknownUser;

    /** @param unknownUser the become user, when sudo refused because the host has no such user; else null */
    public BecomeRefused(String message, String unknownUser) {
        super(message, null, false, false);
        this.unknownUser = unknownUser;
    }

    /** The become user the host does not have, when that is why sudo refused; null otherwise. */
    public String unknownUser() {
        return unknownUser;
    }
}
