package dev.opsctl.secret;

import java.io.IOException;
import java.io.Writer;

/**
 * The last line of defence: every output stream of a run passes through this writer, which replaces the literal
 * value of every known secret with {@code ********}. Text is held until a line ends (a secret split over two writes
 * is still caught); a flush writes what cannot be the start of a secret.
 */
public final class MaskingWriter extends Writer {
    private final Writer out;
    private final StringBuilder line = new StringBuilder();

    public MaskingWriter(Writer out) {
        super(out);
        this.out = out;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        synchronized (lock) {
            for (int i = off; i < off + len; i++) {
                line.append(buf[i]);
                if (buf[i] == '\n') emit(line.length());
            }
        }
    }

    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            emit(line.length() - Secrets.pendingPrefix(line));
            out.flush();
        }
    }

    /** Writes everything held, masked; at the end of a command. */
    public void drain() throws IOException {
        synchronized (lock) {
            emit(line.length());
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        drain();
        out.close();
    }

    private void emit(int upTo) throws IOException {
        if (upTo <= 0) return;
        out.write(Secrets.mask(line.substring(0, upTo)));
        line.delete(0, upTo);
    }
}
