package io.fscache.api;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Waiting on futures and turning their failures back into the exception that was raised, so a
 * caller sees {@code NoSuchFileException} or a server's own {@code IOException}, never a
 * {@link CompletionException} or {@link ExecutionException} wrapper. Used by the core, the netfs
 * engine and every protocol, so all report failures the same way. Stateless; thread-safe.
 *
 * @since 1.3
 */
public final class Futures {

    private Futures() {
    }

    /** The failure without the {@link CompletionException} and {@link ExecutionException} wrappers futures add. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * A future's failure as the {@link IOException} to throw: an {@code IOException} as it is, an
     * {@link UncheckedIOException}'s cause, anything else wrapped (with its text as the message).
     *
     * @throws Error if the failure is one: an error is never wrapped
     */
    public static IOException asIOException(Throwable failure) {
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
     * Waits for {@code future} without giving up on interruption (the interrupt stays set): for a
     * future that fills the caller's buffers, which must not go back to the caller while I/O still
     * writes into them.
     *
     * @throws IOException the future's failure, as {@link #asIOException}
     */
    public static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.join();
        } catch (CompletionException | CancellationException e) {
            throw asIOException(e);
        }
    }

    /**
     * Waits for {@code future}; if the thread is interrupted, cancels the future and throws.
     *
     * @param what what is waited for, for the message: {@code "the 9p server"}
     * @throws InterruptedIOException if interrupted ({@code "interrupted waiting for <what>"}; the
     *         interrupt stays set)
     * @throws IOException the future's failure, as {@link #asIOException}
     */
    public static <T> T awaitInterruptibly(CompletableFuture<T> future, String what) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for " + what);
        } catch (ExecutionException | CancellationException e) {
            throw asIOException(e);
        }
    }
}
