package dev.opsctl.plan;

import dev.opsctl.transport.Payload;

/**
 * One remote command a change implies: a script built with {@link dev.opsctl.transport.Shell}, and what its standard
 * input reads (file content goes up this way, never inside the script). A large file's content is a
 * {@link Payload.FileRegion}: streamed from disk when the step runs, named by {@code input().sha256()} without being
 * read into memory (what a saved plan records of it).
 */
public record Step(String script, Payload input) {
    public Step {
        if (input == null) input = Payload.EMPTY;
    }

    public Step(String script) {
        this(script, Payload.EMPTY);
    }

    public Step(String script, byte[] stdin) {
        this(script, Payload.of(stdin));
    }

    /**
     * The input as one array: free for content held in memory, but a file region is read whole; code that runs steps
     * sends {@link #input()} instead.
     */
    public byte[] stdin() {
        return input.bytes();
    }
}
