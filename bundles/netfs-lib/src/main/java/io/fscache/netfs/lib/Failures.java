package io.fscache.netfs.lib;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns asynchronous failures back into the exception the server reported, so a caller sees
 * {@code NoSuchFileException} or the server's own {@code IOException}, never a wrapper.
 */
final class Failures {

    private Failures() {
    }

    /** Strips the wrappers that {@link CompletableFuture} adds. */
    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The failure as the {@link IOException} to throw to the caller. */
    static IOException asIOException(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof UncheckedIOException unchecked) {
            return unchecked.getCause();
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause.toString(), cause);
    }

    /**
     * Waits for {@code future} without giving up on interruption: the buffers it fills belong to
     * the caller, who must not get them back while RPCs still write into them.
     */
    static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.join();
        } catch (CompletionException | CancellationException e) {
            throw asIOException(e);
        }
    }
}
