package io.fscache.netfs.lib;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Keeps at most the protocol's {@code maxInFlight} RPCs of one file outstanding. Later RPCs queue in
 * order and start as earlier ones complete, without blocking any thread. Starting queued RPCs is
 * trampolined, so RPCs that complete synchronously do not grow the stack.
 */
final class RpcLimiter {

    private final int permits;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
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
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            CompletionStage<T> stage;
            try {
                stage = rpc.get();
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((value, failure) -> {
                release();
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        };
        synchronized (this) {
            waiting.add(start);
        }
        drain();
        return result;
    }

    /** RPCs outstanding now. */
    synchronized int inFlight() {
        return inFlight;
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
            Runnable next;
            synchronized (this) {
                if (inFlight >= permits || waiting.isEmpty()) {
                    draining = false;
                    return;
                }
                inFlight++;
                next = waiting.poll();
            }
            next.run();
        }
    }
}
