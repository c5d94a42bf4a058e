package dev.opsctl.plan;

/**
 * One remote command a change implies: a script built with {@link dev.opsctl.transport.Shell},
 * and bytes for its standard input (file content goes up this way, never inside the script).
 */
public record Step(String script, byte[] stdin) {
    public Step(String script) {
        this(script, new byte[0]);
    }
}
