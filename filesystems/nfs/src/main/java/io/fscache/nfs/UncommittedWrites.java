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
 * again, FILE_SYNC. At most {@link #MAX_KEPT} bytes are kept: once half of it is kept a COMMIT starts
 * in the background, as Linux's client commits a file's unstable pages past a threshold, and a write
 * that would pass the limit waits for a COMMIT (the one in flight, or one it starts) to make room.
 * Writes past the limit used to go FILE_SYNC, each a synchronous write to the server's disk: a
 * 256 MiB upload ran at half speed. Starting the COMMIT at half lets the writer carry on while the
 * server flushes the first half; waiting for it at the limit stalled a 256 MiB upload eight times.
 *
 * <p>Thread-safe; the lock is never held across I/O, and nothing here blocks but {@link #commit()}.
 */
final class UncommittedWrites {

    static final long MAX_KEPT = 32L << 20;
    /** Kept bytes at which a COMMIT starts without anyone waiting for it. */
    static final long COMMIT_AHEAD = MAX_KEPT / 2;

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
    // Guarded by this.
    private final List<Range> kept = new ArrayList<>();
    private long keptBytes;
    /** The COMMIT in flight and the sending again of what it found lost, or null. */
    private CompletableFuture<Void> committing;

    /** @param file how errors name the file ({@code "nfs server host:port, /path"}) */
    UncommittedWrites(Server server, String file) {
        this.server = server;
        this.file = file;
    }

    /**
     * Completes when a write of {@code count} bytes may go UNSTABLE: at once while there is room to
     * keep it, else once a COMMIT has made room (it fails with the COMMIT's error).
     */
    CompletableFuture<Void> room(int count) {
        CompletableFuture<Void> commit;
        synchronized (this) {
            if (keptBytes + count <= MAX_KEPT || kept.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            commit = committing != null ? committing : startCommit();
        }
        return commit.thenCompose(done -> room(count));
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
            if (keptBytes >= COMMIT_AHEAD && committing == null) {
                startCommit();
            }
        }
    }

    /**
     * COMMITs the file, then sends again (FILE_SYNC) whatever was written under another verifier;
     * returns once nothing written before the call is uncommitted.
     */
    void commit() throws IOException {
        while (true) {
            CompletableFuture<Void> commit;
            synchronized (this) {
                if (kept.isEmpty() && committing == null) {
                    return;
                }
                commit = committing != null ? committing : startCommit();
            }
            NfsSession.await(commit);
        }
    }

    /** Commits what is kept now; the caller holds the lock and found no commit in flight. */
    private CompletableFuture<Void> startCommit() {
        List<Range> ranges = List.copyOf(kept);
        CompletableFuture<Void> commit = server.commit()
                .thenCompose(verifier -> resend(ranges.stream().filter(r -> r.verifier() != verifier).toList(), 0, 0))
                .thenRun(() -> {
                    synchronized (this) {
                        kept.removeAll(ranges);
                        for (Range range : ranges) {
                            keptBytes -= range.data().length;
                        }
                    }
                });
        committing = commit;
        commit.whenComplete((ignored, failure) -> {
            synchronized (this) {
                if (committing == commit) {
                    committing = null;
                }
            }
        });
        return commit;
    }

    /** Sends {@code lost} again, FILE_SYNC, from byte {@code at} of range {@code index} on. */
    private CompletableFuture<Void> resend(List<Range> lost, int index, int at) {
        if (index == lost.size()) {
            return CompletableFuture.completedFuture(null);
        }
        Range range = lost.get(index);
        if (at == range.data().length) {
            return resend(lost, index + 1, 0);
        }
        return server.writeStable(range.offset() + at, ByteBuffer.wrap(range.data(), at, range.data().length - at))
                .thenCompose(n -> n == 0
                        ? CompletableFuture.failedFuture(new IOException(file + ": the server wrote nothing of the data it lost in a restart"))
                        : resend(lost, index, at + n));
    }
}
