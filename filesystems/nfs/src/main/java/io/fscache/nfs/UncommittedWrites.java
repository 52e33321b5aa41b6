package io.fscache.nfs;

import io.fscache.nfs.Nfs3Replies.Committed;
import io.fscache.nfs.Nfs3Replies.Written;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A file's data written UNSTABLE and not yet committed (RFC 1813 §3.3.7 and §3.3.21). A server may
 * lose such data when it restarts, which it shows by a new write verifier, so a copy is kept until
 * a COMMIT returns the verifier the WRITE did; data written under another verifier is sent again,
 * FILE_SYNC. At most {@link #MAX_KEPT} bytes are kept: beyond that, writes go FILE_SYNC and nothing is
 * kept for them. Thread-safe; the lock is never held across I/O.
 */
final class UncommittedWrites {

    static final long MAX_KEPT = 32L << 20;

    private record Range(long offset, byte[] data, long verifier) {
    }

    private final NfsSession session;
    private final byte[] handle;
    private final String path;
    private final List<Range> kept = new ArrayList<>();
    private long keptBytes;

    UncommittedWrites(NfsSession session, byte[] handle, String path) {
        this.session = session;
        this.handle = handle;
        this.path = path;
    }

    /** How a write of {@code count} bytes is to be sent: UNSTABLE while there is room to keep it. */
    synchronized int stability(int count) {
        return keptBytes + count <= MAX_KEPT ? Nfs3Calls.UNSTABLE : Nfs3Calls.FILE_SYNC;
    }

    /** A WRITE was answered: keeps a copy of what the server has not yet made stable. */
    void written(long offset, ByteBuffer data, Written written) {
        if (written.committed() != Nfs3Calls.UNSTABLE || written.count() == 0) {
            return;
        }
        byte[] copy = new byte[written.count()];
        data.duplicate().get(copy);
        synchronized (this) {
            kept.add(new Range(offset, copy, written.verifier()));
            keptBytes += copy.length;
        }
    }

    /**
     * COMMITs the file, then sends again (FILE_SYNC) whatever was written under another verifier.
     *
     * @return the attributes after the commit, or {@code null} if nothing was to commit or the server sent none
     */
    Fattr3 commit() throws IOException {
        List<Range> ranges;
        synchronized (this) {
            if (kept.isEmpty()) {
                return null;
            }
            ranges = List.copyOf(kept);
        }
        Committed committed = NfsSession.await(session.call(Nfs3Calls.COMMIT, "COMMIT", Nfs3Calls.commit(handle),
                r -> Nfs3Replies.commit(r, path)));
        Fattr3 after = committed.attributes();
        for (Range range : ranges) {
            if (range.verifier() != committed.verifier()) {
                after = resend(range);
            }
        }
        synchronized (this) {
            kept.removeAll(ranges);
            for (Range range : ranges) {
                keptBytes -= range.data().length;
            }
        }
        return after;
    }

    private Fattr3 resend(Range range) throws IOException {
        Fattr3 after = null;
        int at = 0;
        while (at < range.data().length) {
            ByteBuffer data = ByteBuffer.wrap(range.data(), at, range.data().length - at);
            int sent = data.remaining();
            Written written = NfsSession.await(session.call(Nfs3Calls.WRITE, "WRITE",
                    Nfs3Calls.write(handle, range.offset() + at, data, Nfs3Calls.FILE_SYNC), r -> Nfs3Replies.write(r, sent, path)));
            if (written.count() == 0) {
                throw new IOException("nfs server " + session.server() + " wrote nothing of the data of " + path
                        + " it lost in a restart");
            }
            at += written.count();
            after = written.attributes();
        }
        return after;
    }
}
