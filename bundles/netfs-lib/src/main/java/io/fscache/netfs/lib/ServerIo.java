package io.fscache.netfs.lib;

import io.fscache.netfs.RemoteFile;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Ranged server reads: cut to the protocol's read size, throttled, short reads continued. */
final class ServerIo {

    private ServerIo() {
    }

    /**
     * Fills {@code dst} (from its position to its limit) with the bytes at {@code position}, in RPCs
     * of at most {@code maxRead} bytes, all through {@code limiter}. A short read is continued.
     *
     * @return completes when every byte has come from the server; fails with
     *         {@link ShortFileException} if the server's file ends before {@code dst} is full (the
     *         bytes past its end are then undefined, never zeros passed off as data)
     */
    static CompletableFuture<Void> read(RemoteFile file, RpcLimiter limiter, int maxRead, long position, ByteBuffer dst) {
        int length = dst.remaining();
        List<CompletableFuture<Void>> pieces = new ArrayList<>();
        for (int offset = 0; offset < length; offset += maxRead) {
            ByteBuffer piece = dst.slice(dst.position() + offset, Math.min(maxRead, length - offset));
            pieces.add(readPiece(file, limiter, position + offset, piece));
        }
        return CompletableFuture.allOf(pieces.toArray(CompletableFuture[]::new));
    }

    private static CompletableFuture<Void> readPiece(RemoteFile file, RpcLimiter limiter, long position, ByteBuffer piece) {
        int before = piece.position();
        return limiter.submit(() -> file.read(position, piece)).thenCompose(n -> {
            if (!piece.hasRemaining()) {
                return CompletableFuture.completedFuture(null);
            }
            if (n == null || n <= 0 || piece.position() == before) {
                return CompletableFuture.failedFuture(new ShortFileException(position));
            }
            return readPiece(file, limiter, position + (piece.position() - before), piece);
        });
    }
}
