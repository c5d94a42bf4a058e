package dev.opsctl.lock;

/**
 * A fleet-wide limit on hosts down at once, shared by every runner of a sharded reboot (the PostgreSQL journal's
 * advisory locks): a host is rebooted only while this run holds one of the {@link #size()} slots for it.
 */
public interface DownSlots {
    /** How many hosts may be down at once across every runner. */
    int size();

    /** One attempt; true when this run now holds a slot for {@code host}. */
    boolean tryTake(String host) throws Unavailable;

    /** Gives the host's slot back, if this run holds one. */
    void release(String host);

    /** The shared count cannot be read or written: no further host may be rebooted, the limit could not be kept. */
    final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
