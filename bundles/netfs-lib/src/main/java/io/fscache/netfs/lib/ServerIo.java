package io.fscache.netfs.lib;

import io.fscache.api.Futures;
import io.fscache.netfs.ReceivedBytes;
import io.fscache.netfs.ReceivingFile;
import io.fscache.netfs.RemoteFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

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

    /**
     * Reads the {@code length} bytes at {@code position} for a fetch: into the protocol's own
     * buffers when the file lends them ({@link ReceivingFile}), else into a buffer of {@code pool}'s
     * (of {@code capacity} bytes) or, without a pool, a fresh one.
     *
     * @return the bytes, which the caller closes; fails with {@link ShortFileException} if the
     *         server's file ends before {@code length} bytes
     */
    CompletableFuture<ReceivedBytes> fetch(long position, int length, FetchBuffers pool, int capacity) {
        if (file instanceof ReceivingFile receiving) {
            return receive(receiving, position, length);
        }
        ByteBuffer buffer = pool == null ? ByteBuffer.allocate(length) : pool.take(capacity).limit(length);
        // A failed read's buffer is not given back: a piece of it may still be in flight.
        return read(position, buffer).thenApply(ignored -> LentBytes.of(buffer, length, pool));
    }

    private CompletableFuture<ReceivedBytes> receive(ReceivingFile receiving, long position, int length) {
        if (length <= maxRead) {
            return receivePiece(receiving, position, length, new ArrayList<>());
        }
        List<CompletableFuture<ReceivedBytes>> pieces = new ArrayList<>();
        for (int offset = 0; offset < length; offset += maxRead) {
            pieces.add(receivePiece(receiving, position + offset, Math.min(maxRead, length - offset), new ArrayList<>()));
        }
        return CompletableFuture.allOf(pieces.toArray(CompletableFuture[]::new)).handle((ignored, failure) -> {
            if (failure != null) {
                pieces.forEach(piece -> piece.thenAccept(ReceivedBytes::close));
                throw new CompletionException(Futures.unwrap(failure));
            }
            return LentBytes.joined(pieces.stream().map(CompletableFuture::join).toList());
        });
    }

    /** The bytes at [position, position + length), in as many RPCs as short reads make it; {@code got} so far. */
    private CompletableFuture<ReceivedBytes> receivePiece(ReceivingFile receiving, long position, int length,
            List<ReceivedBytes> got) {
        return limiter.submit(() -> receiving.receive(position, length)).handle((bytes, failure) -> {
            if (failure != null) {
                LentBytes.closeAll(got);
                return CompletableFuture.<ReceivedBytes>failedFuture(Futures.unwrap(failure));
            }
            int n = bytes.length();
            got.add(bytes);
            if (n == length) {
                return CompletableFuture.completedFuture(LentBytes.joined(got));
            }
            if (n <= 0 || n > length) {
                LentBytes.closeAll(got);
                return CompletableFuture.<ReceivedBytes>failedFuture(n <= 0 ? new ShortFileException(position)
                        : new IOException("the server sent " + n + " bytes for a read of " + length));
            }
            return receivePiece(receiving, position + n, length - n, got);
        }).thenCompose(Function.identity());
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
