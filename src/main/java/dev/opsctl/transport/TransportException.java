package dev.opsctl.transport;

/** The host could not be reached, refused us, or the session broke. The host counts as unreachable. */
public final class TransportException extends Exception {
    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
