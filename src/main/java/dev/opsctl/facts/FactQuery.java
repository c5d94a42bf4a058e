package dev.opsctl.facts;

/**
 * One question about a host: a POSIX {@code sh} snippet whose standard output answers it, and a parser.
 * Many queries are answered by one remote exec (see {@link FactBatch}).
 *
 * @param <T> the typed answer
 */
public interface FactQuery<T> {
    /** Queries with equal keys ask the same question; the fact store holds one answer per key. */
    String key();

    /** A snippet that prints the answer; it must not exit the shell or read standard input. */
    String script();

    /**
     * Whether the snippet runs in a subshell of its own (the safe default). A snippet that only sets scratch
     * variables of its own may run in the batch's shell and save a process per query, which counts on hosts
     * where starting a process is slow.
     */
    default boolean isolated() {
        return true;
    }

    /**
     * Whether the play's first fact exec may answer it. A listing that earlier tasks may change without predicting it
     * (find, getent) says no: it is asked when its task runs, after their changes are carried out.
     */
    default boolean upFront() {
        return true;
    }

    /** Parses what {@link #script()} printed. */
    T parse(String output);

    /**
     * When two queries share a key, the one that asks for more wins the batch
     * (a file query with content over one without).
     */
    default boolean covers(FactQuery<?> other) {
        return true;
    }
}
