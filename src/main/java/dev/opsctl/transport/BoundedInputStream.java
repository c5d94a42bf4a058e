package dev.opsctl.transport;

import java.io.IOException;
import java.io.InputStream;

/** At most {@code left} bytes of {@code in}: a file that grew since its region was made sends no more. */
final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedInputStream(InputStream in, long left) {
        this.in = in;
        this.left = left;
    }

    @Override
    public int read() throws IOException {
        if (left <= 0) return -1;
        int b = in.read();
        if (b >= 0) left--;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) return -1;
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n > 0) left -= n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
