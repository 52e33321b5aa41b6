package io.fscache.netfs.lib;

import io.fscache.api.Futures;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.WriteTooLargeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The upload stream of one write (seed 001): sends a contiguous range to the server.
 *
 * <ul>
 * <li>The <b>issuer</b> cuts the range into subrequests of at most the current write size, in
 *     ascending order, lazily: a subrequest is cut only when one of the protocol's in-flight slots
 *     is free, so a size learned from a refusal applies to everything not yet sent.</li>
 * <li>The <b>retryer</b> takes a subrequest the server refused with {@link WriteTooLargeException},
 *     lowers the write size to what the server accepts and re-splits just that subrequest; its
 *     pieces go out before any new subrequest. A short write is continued the same way.</li>
 * <li>The <b>collector</b> gathers completions in file order, so the result is the prefix the
 *     server has, even when a later subrequest completed and an earlier one failed.</li>
 * </ul>
 */
final class Upload {

    /** What an upload achieved: the server has [start, start + uploaded); {@code failure} is the first error, if any. */
    record Result(long uploaded, IOException failure) {
    }

    private record Piece(long position, int length) {
    }

    private final RemoteFile file;
    private final RpcLimiter limiter;
    private final int maxInFlight;
    private final long start;
    private final long end;
    private final ByteBuffer data;
    private final Collector collector;
    private final ArrayDeque<Piece> retries = new ArrayDeque<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    // Guarded by this.
    private long cursor;
    private int writeSize;
    private int inFlight;
    private IOException failure;

    private Upload(RemoteFile file, RpcLimiter limiter, int maxWrite, int maxInFlight, long position, ByteBuffer data) {
        this.file = file;
        this.limiter = limiter;
        this.maxInFlight = maxInFlight;
        this.start = position;
        this.end = position + data.remaining();
        this.data = data;
        this.collector = new Collector(position);
        this.cursor = position;
        this.writeSize = maxWrite;
    }

    /**
     * Uploads {@code data} (position to limit, not consumed) to {@code position} and waits for the
     * outcome.
     */
    static Result run(RemoteFile file, RpcLimiter limiter, int maxWrite, int maxInFlight, long position, ByteBuffer data) {
        return start(file, limiter, maxWrite, maxInFlight, position, data).join();
    }

    /**
     * Starts uploading {@code data} (position to limit, not consumed; unchanged until the outcome) to
     * {@code position}; the outcome completes on a protocol thread, never exceptionally.
     */
    static CompletableFuture<Result> start(RemoteFile file, RpcLimiter limiter, int maxWrite, int maxInFlight,
            long position, ByteBuffer data) {
        Upload upload = new Upload(file, limiter, maxWrite, maxInFlight, position, data.slice());
        upload.pump();
        return upload.done.thenApply(ignored -> {
            synchronized (upload) {
                return new Result(upload.collector.frontier() - upload.start, upload.failure);
            }
        });
    }

    /** Issues subrequests while slots are free; completes the upload when nothing is left in flight. */
    private void pump() {
        List<Piece> issue = new ArrayList<>();
        synchronized (this) {
            while (failure == null && inFlight < maxInFlight) {
                Piece piece = retries.pollFirst();
                if (piece == null) {
                    if (cursor >= end) {
                        break;
                    }
                    int length = (int) Math.min(writeSize, end - cursor);
                    piece = new Piece(cursor, length);
                    cursor += length;
                }
                inFlight++;
                issue.add(piece);
            }
            if (inFlight == 0 && (failure != null || cursor >= end && retries.isEmpty())) {
                done.complete(null);
            }
        }
        for (Piece piece : issue) {
            ByteBuffer slice = data.slice((int) (piece.position - start), piece.length);
            limiter.submit(() -> file.write(piece.position, slice))
                    .whenComplete((written, error) -> completed(piece, written, error));
        }
    }

    private void completed(Piece piece, Integer written, Throwable error) {
        synchronized (this) {
            inFlight--;
            if (error != null) {
                retryOrFail(piece, Futures.unwrap(error));
            } else if (written == null || written <= 0) {
                fail(new IOException("the server accepted none of a " + piece.length + "-byte write at " + piece.position));
            } else if (written < piece.length) {
                collector.completed(piece.position, written);
                retries.addFirst(new Piece(piece.position + written, piece.length - written));
            } else {
                collector.completed(piece.position, piece.length);
            }
        }
        pump();
    }

    private void retryOrFail(Piece piece, Throwable error) {
        if (error instanceof WriteTooLargeException tooLarge && tooLarge.maxLength() < piece.length) {
            int size = tooLarge.maxLength();
            writeSize = Math.min(writeSize, size);
            List<Piece> pieces = new ArrayList<>();
            for (int offset = 0; offset < piece.length; offset += size) {
                pieces.add(new Piece(piece.position + offset, Math.min(size, piece.length - offset)));
            }
            for (int i = pieces.size() - 1; i >= 0; i--) {
                retries.addFirst(pieces.get(i));
            }
            return;
        }
        // Anything else, including a refusal of a piece the server said it would take, is final.
        fail(Futures.asIOException(error));
    }

    private void fail(IOException error) {
        if (failure == null) {
            failure = error;
        }
    }
}
