package io.fscache.netfs.contract;

import io.fscache.netfs.RemoteFile;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Whole reads and writes through a {@link RemoteFile}, continuing short ones as the engine does. */
final class Io {

    private Io() {
    }

    /** The stage's result; a minute at most, so a lost reply fails the test instead of hanging it. */
    static <T> T await(CompletionStage<T> stage) throws ExecutionException, InterruptedException, TimeoutException {
        return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    static byte[] readAll(RemoteFile file, int size) throws Exception {
        ByteBuffer all = ByteBuffer.allocate(size);
        while (all.hasRemaining()) {
            if (await(file.read(all.position(), all)) == 0) {
                throw new EOFException("end of file at " + all.position() + " of " + size);
            }
        }
        return all.array();
    }

    static void writeAll(RemoteFile file, long at, byte[] bytes) throws Exception {
        ByteBuffer src = ByteBuffer.wrap(bytes);
        while (src.hasRemaining()) {
            if (await(file.write(at + src.position(), src)) <= 0) {
                throw new IOException("a write at " + (at + src.position()) + " wrote nothing");
            }
        }
    }
}
