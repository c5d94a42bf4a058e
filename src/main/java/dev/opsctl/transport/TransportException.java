package dev.opsctl.transport;

/** The host could not be reached, refused us, or the session broke. The host counts as unreachable. */
public final class TransportException extends Exception {
    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A transport message without the host name and "unreachable" that a line about {@code host} already shows. */
    public static String reasonFor(String host, String message) {
        String e = String.valueOf(message);
        if (e.startsWith(host + ": ")) e = e.substring(host.length() + 2);
        if (e.startsWith("unreachable: ")) e = e.substring("unreachable: ".length());
        return e;
    }
}
