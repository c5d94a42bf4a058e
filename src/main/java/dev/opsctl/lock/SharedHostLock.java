package dev.opsctl.lock;

/**
 * A host lock held somewhere every controller reaches (the PostgreSQL journal's advisory locks), taken before the
 * lock on the host itself, so runs from different machines never overlap on a host even before either connects.
 */
public interface SharedHostLock {
    /** One attempt; null when this run now holds the host's lock, else who holds it ("" when unknown). */
    String tryTake(String host);

    /** Gives the host's lock back, if this run holds it. */
    void release(String host);
}
