package io.fscache.nfs;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * An NFSv4.1 session's fore-channel slots (RFC 8881 §2.10.6.1): each call holds one slot for its
 * life and sends the slot's next sequence id in its SEQUENCE. The slot table is the session's cap
 * on calls in flight: a call beyond it waits for a slot without blocking. Thread-safe; the lock is
 * never held across I/O or while completing a waiter.
 */
final class SlotTable {

    /** A slot held by one call, and the sequence id that call sends. */
    record Slot(int index, int sequence) {
    }

    private final int[] sequences;
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Slot>> waiting = new ArrayDeque<>();

    SlotTable(int slots) {
        sequences = new int[slots];
        for (int i = 0; i < slots; i++) {
            free.add(i);
        }
    }

    int highest() {
        return sequences.length - 1;
    }

    /** A free slot, at once or when one is released. */
    CompletableFuture<Slot> acquire() {
        synchronized (this) {
            Integer index = free.poll();
            if (index == null) {
                CompletableFuture<Slot> later = new CompletableFuture<>();
                waiting.add(later);
                return later;
            }
            return CompletableFuture.completedFuture(new Slot(index, sequences[index] + 1));
        }
    }

    /**
     * Gives a slot back. {@code sequenced}: the server processed its SEQUENCE, so the slot's sequence
     * id moves on; otherwise (the call never reached the server, or SEQUENCE failed) it stays.
     */
    void release(Slot slot, boolean sequenced) {
        CompletableFuture<Slot> next;
        Slot handed;
        synchronized (this) {
            if (sequenced) {
                sequences[slot.index()] = slot.sequence();
            }
            next = waiting.poll();
            if (next == null) {
                free.add(slot.index());
                return;
            }
            handed = new Slot(slot.index(), sequences[slot.index()] + 1);
        }
        if (!next.complete(handed)) {
            release(handed, false);
        }
    }
}
