package io.fscache.netfs.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RpcLimiterTest {

    @Test
    void neverMoreThanThePermitsAndAllRunInOrder() {
        RpcLimiter limiter = new RpcLimiter(3);
        List<CompletableFuture<Integer>> pending = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        AtomicInteger max = new AtomicInteger();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int id = i;
            results.add(limiter.submit(() -> {
                started.add(id);
                max.accumulateAndGet(limiter.inFlight(), Math::max);
                CompletableFuture<Integer> rpc = new CompletableFuture<>();
                pending.add(rpc);
                return rpc;
            }));
        }
        assertEquals(List.of(0, 1, 2), started);
        for (int i = 0; i < pending.size(); i++) {
            pending.get(i).complete(i);
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), started);
        assertEquals(3, max.get());
        assertEquals(0, limiter.inFlight());
        for (int i = 0; i < 10; i++) {
            assertEquals(i, results.get(i).join());
        }
    }

    @Test
    void synchronousRpcsDoNotGrowTheStack() {
        RpcLimiter limiter = new RpcLimiter(1);
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        limiter.submit(() -> gate);
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            queued.add(limiter.submit(() -> CompletableFuture.completedFuture(1)));
        }
        gate.complete(0);
        assertTrue(queued.stream().allMatch(f -> f.join() == 1));
    }

    @Test
    void aThrowingRpcFailsOnlyItself() {
        RpcLimiter limiter = new RpcLimiter(1);
        CompletableFuture<Integer> failed = limiter.submit(() -> {
            throw new IllegalStateException("boom");
        });
        assertTrue(failed.isCompletedExceptionally());
        assertEquals(7, limiter.submit(() -> CompletableFuture.completedFuture(7)).join());
    }
}
