package dev.opsctl.lock;

/** Another run holds a host's lock (and went on holding it for the whole --lock-timeout): that host fails, others go on. */
public final class LockHeld extends RuntimeException {
    public LockHeld(String message) {
        super(message, null, false, false);
    }
}
