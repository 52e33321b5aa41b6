package io.fscache.netfs.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketTimeoutException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

    @Test
    void anRpcTheServerDidNotAnswerFailsThoseQueuedBehindItWithoutStartingThem() {
        RpcLimiter limiter = new RpcLimiter(2);
        CompletableFuture<Integer> first = new CompletableFuture<>();
        CompletableFuture<Integer> second = new CompletableFuture<>();
        limiter.submit(() -> first);
        CompletableFuture<Integer> answered = limiter.submit(() -> second);
        AtomicInteger started = new AtomicInteger();
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(limiter.submit(() -> {
                started.incrementAndGet();
                return new CompletableFuture<>();
            }));
        }
        SocketTimeoutException timeout = new SocketTimeoutException("server did not answer READ within 30000 ms");
        first.completeExceptionally(timeout);
        for (CompletableFuture<Integer> rpc : queued) {
            CompletionException e = assertThrows(CompletionException.class, rpc::join);
            assertSame(timeout, e.getCause());
        }
        assertEquals(0, started.get(), "no queued RPC went to the silent server");
        second.complete(2);
        assertEquals(2, answered.join(), "an RPC already in flight keeps its own answer");
        assertEquals(9, limiter.submit(() -> CompletableFuture.completedFuture(9)).join(), "a later RPC starts");
    }

    @Test
    void anRpcThatFailsOtherwiseLeavesThoseQueuedBehindIt() {
        RpcLimiter limiter = new RpcLimiter(1);
        CompletableFuture<Integer> first = new CompletableFuture<>();
        limiter.submit(() -> first);
        CompletableFuture<Integer> queued = limiter.submit(() -> CompletableFuture.completedFuture(3));
        first.completeExceptionally(new NoSuchFileException("/gone"));
        assertEquals(3, queued.join());
    }
}
