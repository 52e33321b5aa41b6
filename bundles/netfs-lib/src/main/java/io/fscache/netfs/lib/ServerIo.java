package io.fscache.netfs.lib;

import io.fscache.netfs.RemoteFile;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Ranged reads from one open server file: cut to the protocol's read size, throttled by the file's
 * in-flight limit, short reads continued; and the copies to the cache of what the handle fetched.
 * Thread-safe; one per open handle.
 */
final class ServerIo {

    private final RemoteFile file;
    private final RpcLimiter limiter;
    private final int maxRead;
    /** Copies to the cache of bytes fetched through this handle, under way. */
    private final StoreCount stores = new StoreCount();

    /** @param maxRead the largest read RPC in bytes (the protocol's {@code IoLimits.maxReadSize}) */
    ServerIo(RemoteFile file, RpcLimiter limiter, int maxRead) {
        this.file = file;
        this.limiter = limiter;
        this.maxRead = maxRead;
    }

    /** Bytes fetched through this handle are being copied to the cache, until {@link #storeLanded()}. */
    void storeBegun() {
        stores.begun();
    }

    /** A copy to the cache begun through this handle has landed, or failed. */
    void storeLanded() {
        stores.landed();
    }

    /**
     * Waits until the copies to the cache of what this handle fetched have landed, so that what it
     * read is in the cache once it has closed. Waits neither for fetches still at the server (a stuck
     * server must not hold up a close) nor for other handles' stores.
     */
    void awaitStores() {
        stores.awaitLanded();
    }

    /** The largest read RPC in bytes. */
    int maxRead() {
        return maxRead;
    }

    /**
     * Fills {@code dst} (from its position to its limit; its position is left as it was) with the
     * bytes at {@code position}, in RPCs of at most {@link #maxRead} bytes.
     *
     * @return completes when every byte has come from the server; fails with
     *         {@link ShortFileException} if the server's file ends before {@code dst} is full (the
     *         bytes past its end are then undefined, never zeros passed off as data)
     */
    CompletableFuture<Void> read(long position, ByteBuffer dst) {
        int length = dst.remaining();
        if (length <= maxRead) {
            return readPiece(position, dst.slice());
        }
        CompletableFuture<?>[] pieces = new CompletableFuture<?>[(length + maxRead - 1) / maxRead];
        for (int i = 0, offset = 0; offset < length; i++, offset += maxRead) {
            ByteBuffer piece = dst.slice(dst.position() + offset, Math.min(maxRead, length - offset));
            pieces[i] = readPiece(position + offset, piece);
        }
        return CompletableFuture.allOf(pieces);
    }

    private CompletableFuture<Void> readPiece(long position, ByteBuffer piece) {
        int before = piece.position();
        return limiter.submit(() -> file.read(position, piece)).thenCompose(n -> {
            if (!piece.hasRemaining()) {
                return CompletableFuture.completedFuture(null);
            }
            if (n == null || n <= 0 || piece.position() == before) {
                return CompletableFuture.failedFuture(new ShortFileException(position));
            }
            return readPiece(position + (piece.position() - before), piece);
        });
    }
}
