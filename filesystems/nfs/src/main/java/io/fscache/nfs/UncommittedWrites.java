package io.fscache.nfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A file's data written UNSTABLE and not yet committed (RFC 1813 §3.3.7, RFC 8881 §18.32). A server
 * may lose such data when it restarts, which it shows by a new write verifier, so a copy is kept
 * until a COMMIT returns the verifier the WRITE did; data written under another verifier is sent
 * again, FILE_SYNC. At most {@link #MAX_KEPT} bytes are kept: beyond that, writes go FILE_SYNC and
 * nothing is kept for them. Thread-safe; the lock is never held across I/O.
 */
final class UncommittedWrites {

    static final long MAX_KEPT = 32L << 20;

    /** The two calls this needs of the file's server, in its protocol version. */
    interface Server {
        /** COMMITs the whole file; the verifier. */
        CompletableFuture<Long> commit();

        /** WRITEs {@code data}'s remaining bytes FILE_SYNC at {@code offset}; the count written. */
        CompletableFuture<Integer> writeStable(long offset, ByteBuffer data);
    }

    private record Range(long offset, byte[] data, long verifier) {
    }

    private final Server server;
    private final String file;
    private final List<Range> kept = new ArrayList<>();
    private long keptBytes;

    /** @param file how errors name the file ({@code "nfs server host:port, /path"}) */
    UncommittedWrites(Server server, String file) {
        this.server = server;
        this.file = file;
    }

    /** Whether a write of {@code count} bytes may go UNSTABLE: while there is room to keep it. */
    synchronized boolean unstable(int count) {
        return keptBytes + count <= MAX_KEPT;
    }

    /** A WRITE was answered: keeps a copy of what the server has not made stable ({@code stable} false). */
    void written(long offset, ByteBuffer data, int count, boolean stable, long verifier) {
        if (stable || count == 0) {
            return;
        }
        byte[] copy = new byte[count];
        data.duplicate().get(copy);
        synchronized (this) {
            kept.add(new Range(offset, copy, verifier));
            keptBytes += copy.length;
        }
    }

    /** COMMITs the file, then sends again (FILE_SYNC) whatever was written under another verifier. */
    void commit() throws IOException {
        List<Range> ranges;
        synchronized (this) {
            if (kept.isEmpty()) {
                return;
            }
            ranges = List.copyOf(kept);
        }
        long verifier = NfsSession.await(server.commit());
        for (Range range : ranges) {
            if (range.verifier() != verifier) {
                resend(range);
            }
        }
        synchronized (this) {
            kept.removeAll(ranges);
            for (Range range : ranges) {
                keptBytes -= range.data().length;
            }
        }
    }

    private void resend(Range range) throws IOException {
        int at = 0;
        while (at < range.data().length) {
            int n = NfsSession.await(server.writeStable(range.offset() + at,
                    ByteBuffer.wrap(range.data(), at, range.data().length - at)));
            if (n == 0) {
                throw new IOException(file + ": the server wrote nothing of the data it lost in a restart");
            }
            at += n;
        }
    }
}
