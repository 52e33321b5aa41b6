package io.fscache.netfs.lib;

import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Keeps at most the protocol's {@code maxInFlight} RPCs of one file outstanding. Later RPCs queue in
 * order and start as earlier ones complete, without blocking any thread. Starting queued RPCs is
 * trampolined, so RPCs that complete synchronously do not grow the stack.
 *
 * <p>An RPC the server did not answer in time (a {@link SocketTimeoutException}) fails the RPCs
 * queued behind it at that moment with the same cause, instead of starting them: each would wait a
 * timeout of its own, and a reader behind a silent server waited two or three timeouts (NFSv4.1 with
 * a session to make again) where the mount's option promised one. RPCs submitted later start as usual,
 * so the next use of the file tries the server again.
 */
final class RpcLimiter {

    private final int permits;
    private final ArrayDeque<Queued<?>> waiting = new ArrayDeque<>();
    private int inFlight;
    private boolean draining;

    RpcLimiter(int permits) {
        if (permits <= 0) {
            throw new IllegalArgumentException("permits must be positive: " + permits);
        }
        this.permits = permits;
    }

    /** Runs {@code rpc} when a slot is free; the result completes as the RPC's stage does. */
    <T> CompletableFuture<T> submit(Supplier<? extends CompletionStage<T>> rpc) {
        Queued<T> queued = new Queued<>(rpc, new CompletableFuture<>());
        synchronized (this) {
            waiting.add(queued);
        }
        drain();
        return queued.result;
    }

    /** RPCs outstanding now. */
    synchronized int inFlight() {
        return inFlight;
    }

    private <T> void start(Queued<T> queued) {
        CompletionStage<T> stage;
        try {
            stage = queued.rpc.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((value, failure) -> {
            if (failure != null && ServerFailures.timedOut(failure)) {
                failWaiting(failure);
            }
            release();
            if (failure != null) {
                queued.result.completeExceptionally(failure);
            } else {
                queued.result.complete(value);
            }
        });
    }

    private void failWaiting(Throwable timeout) {
        List<Queued<?>> behind;
        synchronized (this) {
            behind = List.copyOf(waiting);
            waiting.clear();
        }
        for (Queued<?> queued : behind) {
            queued.result.completeExceptionally(timeout);
        }
    }

    private void release() {
        synchronized (this) {
            inFlight--;
        }
        drain();
    }

    private void drain() {
        synchronized (this) {
            if (draining) {
                return;
            }
            draining = true;
        }
        while (true) {
            Queued<?> next;
            synchronized (this) {
                if (inFlight >= permits || waiting.isEmpty()) {
                    draining = false;
                    return;
                }
                inFlight++;
                next = waiting.poll();
            }
            start(next);
        }
    }

    private record Queued<T>(Supplier<? extends CompletionStage<T>> rpc, CompletableFuture<T> result) {
    }
}
