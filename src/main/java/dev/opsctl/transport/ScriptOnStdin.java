package dev.opsctl.transport;

import dev.opsctl.secret.Secrets;
import java.nio.charset.StandardCharsets;

/**
 * A remote script that holds a secret travels ahead of its stdin instead of in the command line, which anyone on the
 * host can read with {@code ps}. The command line then only says how many bytes to read and run:
 * {@code dd bs=1} reads exactly that many (one byte at a time, never more), so the script's own stdin follows intact.
 */
public record ScriptOnStdin(String script, byte[] stdin) {
    /** {@code script} as it is when it holds no secret; else a reader of it, with the script put before {@code stdin}. */
    public static ScriptOnStdin of(String script, byte[] stdin) {
        if (!Secrets.contains(script)) return new ScriptOnStdin(script, stdin);
        byte[] body = script.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[body.length + stdin.length];
        System.arraycopy(body, 0, all, 0, body.length);
        System.arraycopy(stdin, 0, all, body.length, stdin.length);
        return new ScriptOnStdin("eval \"$(dd bs=1 count=" + body.length + " 2>/dev/null)\"", all);
    }

    /** {@link #of(String, byte[])} for input that may be streamed: the script's own input follows it unread. */
    public static Streamed of(String script, Payload input) {
        if (!Secrets.contains(script)) return new Streamed(script, input);
        byte[] body = script.getBytes(StandardCharsets.UTF_8);
        return new Streamed("eval \"$(dd bs=1 count=" + body.length + " 2>/dev/null)\"", input.after(body));
    }

    /** A script and its input, as {@link #of(String, Payload)} arranges them. */
    public record Streamed(String script, Payload input) {}
}
