package dev.opsctl.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a remote command reads on its standard input: bytes held in memory, or a region of a controller file read in
 * bounded buffers as it is sent (a 300 MiB copy src never sits in the heap). Either knows its size and digests
 * without being read again: a file region's were taken in one streaming pass when it was made, so a plan, a saved
 * plan or a write's check on the host can name the content by its SHA-256 at no cost in memory.
 *
 * <p>A file region is read again when it is sent. Should the file have changed in between, the host receives other
 * bytes than the digest says; the write's check before its rename ({@code transfer incomplete}) refuses them.
 */
public sealed interface Payload permits Payload.Bytes, Payload.FileRegion, Payload.Joined {
    /** Nothing on standard input. */
    Payload EMPTY = new Bytes(new byte[0]);

    /** How many bytes go up. */
    long size();

    /** The bytes, from the start, in a stream the caller closes. */
    InputStream open() throws IOException;

    /** The SHA-256 of the bytes, in lower-case hex. */
    String sha256();

    /** The SHA-1 of the bytes, in lower-case hex (what the host's file facts give, to compare with). */
    String sha1();

    /**
     * The bytes in one array. Free for {@link Bytes}; a file region is read whole, so callers that may meet a large
     * one stream it with {@link #open()} instead.
     */
    byte[] bytes();

    /** Whether the bytes are held in memory (so {@link #bytes()} costs nothing). */
    default boolean inMemory() {
        return this instanceof Bytes;
    }

    /** {@code head} followed by these bytes (a sudo password line, a script read ahead of its input). */
    default Payload after(byte[] head) {
        if (head.length == 0) return this;
        if (this instanceof Bytes b) {
            byte[] all = new byte[head.length + b.bytes.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(b.bytes, 0, all, head.length, b.bytes.length);
            return new Bytes(all);
        }
        return new Joined(head, this);
    }

    static Payload of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes);
    }

    /** The whole of {@code file}, its digests taken now in one pass of bounded reads. */
    static FileRegion file(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            String[] d = Digests.of(in);
            return new FileRegion(file, 0, size, d[0], d[1]);
        }
    }

    /** Bytes held in memory; the array is shared, not copied, and must not be changed. */
    record Bytes(byte[] bytes) implements Payload {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public String sha256() {
            return Digests.hex("SHA-256", bytes);
        }

        @Override
        public String sha1() {
            return Digests.hex("SHA-1", bytes);
        }
    }

    /**
     * {@code length} bytes of {@code path} from {@code offset}, with their digests as they were when the region was
     * made.
     */
    record FileRegion(Path path, long offset, long length, String sha1, String sha256) implements Payload {
        @Override
        public long size() {
            return length;
        }

        @Override
        public InputStream open() throws IOException {
            InputStream in = Files.newInputStream(path);
            try {
                in.skipNBytes(offset);
            } catch (IOException e) {
                in.close();
                throw e;
            }
            return new BoundedInputStream(in, length);
        }

        @Override
        public byte[] bytes() {
            if (length > Integer.MAX_VALUE - 8) throw new IllegalStateException(path + ": too large to hold in memory");
            try (InputStream in = open()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code head}, then {@code rest}. */
    record Joined(byte[] head, Payload rest) implements Payload {
        @Override
        public long size() {
            return head.length + rest.size();
        }

        @Override
        public InputStream open() throws IOException {
            return new SequenceInputStream(new ByteArrayInputStream(head), rest.open());
        }

        @Override
        public String sha256() {
            return digests()[1];
        }

        @Override
        public String sha1() {
            return digests()[0];
        }

        private String[] digests() {
            try (InputStream in = open()) {
                return Digests.of(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public byte[] bytes() {
            try (InputStream in = open()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
