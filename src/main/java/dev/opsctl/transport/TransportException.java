package dev.opsctl.transport;

/** The host could not be reached, refused us, or the session broke. The host counts as unreachable. */
public final class TransportException extends Exception {
    /** What the script printed on standard output before the session broke; empty when nothing or not known. */
    private byte[] partialOutput = new byte[0];

    /** This exception, carrying what the broken session's script printed before it broke. */
    public TransportException withPartialOutput(byte[] printed) {
        partialOutput = printed.clone();
        return this;
    }

    /** What the script printed before the session broke (a batch of steps: which of them ended). */
    public String partialOutput() {
        return new String(partialOutput, java.nio.charset.StandardCharsets.UTF_8);
    }

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
