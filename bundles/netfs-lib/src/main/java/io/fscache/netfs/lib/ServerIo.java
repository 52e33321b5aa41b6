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
     * of at most {@code maxRead} bytes, all through {@code limiter}. A short read is continued; a read
     * that finds the end of the file early leaves zeros in the rest.
     *
     * @return completes with {@code true} if every byte came from the server, {@code false} if the
     *         file ended early (the server's file is shorter than we were told)
     */
    static CompletableFuture<Boolean> read(RemoteFile file, RpcLimiter limiter, int maxRead, long position, ByteBuffer dst) {
        int length = dst.remaining();
        List<CompletableFuture<Boolean>> pieces = new ArrayList<>();
        for (int offset = 0; offset < length; offset += maxRead) {
            ByteBuffer piece = dst.slice(dst.position() + offset, Math.min(maxRead, length - offset));
            pieces.add(readPiece(file, limiter, position + offset, piece));
        }
        return CompletableFuture.allOf(pieces.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> pieces.stream().allMatch(CompletableFuture::join));
    }

    private static CompletableFuture<Boolean> readPiece(RemoteFile file, RpcLimiter limiter, long position, ByteBuffer piece) {
        int before = piece.position();
        return limiter.submit(() -> file.read(position, piece)).thenCompose(n -> {
            if (!piece.hasRemaining()) {
                return CompletableFuture.completedFuture(true);
            }
            if (n == null || n <= 0 || piece.position() == before) {
                while (piece.hasRemaining()) {
                    piece.put((byte) 0);
                }
                return CompletableFuture.completedFuture(false);
            }
            return readPiece(file, limiter, position + (piece.position() - before), piece);
        });
    }
}
