package io.fscache.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The NFSv4.1 slot table: a cap on calls in flight, and each slot's sequence id moving on once per processed call. */
class SlotTableTest {

    @Test
    void aCallBeyondTheSlotsWaitsForOneAndGetsItsNextSequence() {
        SlotTable slots = new SlotTable(1);
        SlotTable.Slot first = slots.acquire().join();
        assertEquals(new SlotTable.Slot(0, 1), first);
        CompletableFuture<SlotTable.Slot> second = slots.acquire();
        assertFalse(second.isDone(), "one slot, one call");
        slots.release(first, true);
        assertEquals(new SlotTable.Slot(0, 2), second.join());
        // A call that never reached the server leaves the sequence id where it was.
        slots.release(second.join(), false);
        assertEquals(new SlotTable.Slot(0, 2), slots.acquire().join());
    }

    @Test
    void aWaiterThatGaveUpPassesTheSlotOn() {
        SlotTable slots = new SlotTable(1);
        SlotTable.Slot held = slots.acquire().join();
        CompletableFuture<SlotTable.Slot> gaveUp = slots.acquire();
        CompletableFuture<SlotTable.Slot> next = slots.acquire();
        gaveUp.cancel(false);
        slots.release(held, true);
        assertEquals(new SlotTable.Slot(0, 2), next.join());
    }

    @Test
    void manyThreadsNeverHoldMoreThanTheSlotsAndEverySlotCountsItsCalls() throws Exception {
        int size = 4;
        SlotTable slots = new SlotTable(size);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicIntegerArray calls = new AtomicIntegerArray(size);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        SlotTable.Slot slot = slots.acquire().get(10, TimeUnit.SECONDS);
                        peak.accumulateAndGet(holding.incrementAndGet(), Math::max);
                        calls.incrementAndGet(slot.index());
                        holding.decrementAndGet();
                        slots.release(slot, true);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertTrue(peak.get() <= size, "at most " + size + " held at once, not " + peak.get());
        int total = 0;
        for (int s = 0; s < size; s++) {
            List<SlotTable.Slot> all = new ArrayList<>();
            for (int k = 0; k < size; k++) {
                all.add(slots.acquire().join());
            }
            for (SlotTable.Slot slot : all) {
                if (slot.index() == s) {
                    assertEquals(calls.get(s) + 1, slot.sequence(), "slot " + s + " moved on once per call");
                }
                slots.release(slot, false);
            }
            total += calls.get(s);
        }
        assertEquals(8 * 5_000, total);
    }
}
