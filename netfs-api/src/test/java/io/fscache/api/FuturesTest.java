package io.fscache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FuturesTest {

    @Test
    void unwrapStripsEveryFutureWrapper() {
        NoSuchFileException cause = new NoSuchFileException("/a");
        assertSame(cause, Futures.unwrap(new CompletionException(new ExecutionException(cause))));
        assertSame(cause, Futures.unwrap(cause));
    }

    @Test
    void awaitThrowsTheServersOwnException() {
        NoSuchFileException cause = new NoSuchFileException("/a");
        CompletableFuture<Integer> failed = CompletableFuture.supplyAsync(() -> {
            throw new CompletionException(cause);
        });
        assertSame(cause, assertThrows(NoSuchFileException.class, () -> Futures.await(failed)));
        assertSame(cause, assertThrows(NoSuchFileException.class, () -> Futures.awaitInterruptibly(failed, "x")));
    }

    @Test
    void anUncheckedIOExceptionGivesItsCauseAndOtherFailuresAreWrapped() {
        IOException io = new IOException("disk");
        assertSame(io, Futures.asIOException(new CompletionException(new UncheckedIOException(io))));
        IOException wrapped = Futures.asIOException(new IllegalStateException("bad"));
        assertEquals("java.lang.IllegalStateException: bad", wrapped.getMessage());
        assertThrows(OutOfMemoryError.class, () -> Futures.asIOException(new OutOfMemoryError()));
    }

    @Test
    void anInterruptCancelsTheFutureAndKeepsTheFlag() {
        CompletableFuture<Integer> never = new CompletableFuture<>();
        Thread.currentThread().interrupt();
        try {
            InterruptedIOException e = assertThrows(InterruptedIOException.class,
                    () -> Futures.awaitInterruptibly(never, "the 9p server"));
            assertEquals("interrupted waiting for the 9p server", e.getMessage());
            assertTrue(never.isCancelled());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void awaitIgnoresAnInterruptUntilTheFutureCompletes() throws IOException {
        Thread.currentThread().interrupt();
        try {
            assertEquals(7, Futures.await(CompletableFuture.completedFuture(7)));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}
