package io.fscache.netfs.lib;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Readahead for one open handle: detects a sequential reader and keeps a growing window of fetches in
 * flight ahead of it, so that one reader keeps a long, fat pipe full (seed 004's scheme).
 *
 * <p>The first sequential read issues a window of four units (cache granules, or 256 KiB without a
 * cache) beyond itself and sets the trigger at the window's start. Each read that passes the trigger
 * doubles the window, up to the maximum, issues the next window beyond what was issued, and moves the
 * trigger to its start. Since the next window is issued as soon as the reader enters the previous
 * one, about two windows are in flight or ready ahead of a steady reader; the protocol's in-flight
 * limit bounds what is actually on the wire. A non-sequential read resets the window.
 *
 * <p>The fetches themselves come from the file's {@link FetchTable}, on behalf of the read that
 * moved the window; the window holds a reader's reference on each ({@link Fetch#acquire}) until the
 * reader has passed it, so its bytes stay for the reader even once they are in the cache. Thread-safe: a short lock of its own guards the window and the fetch list, and
 * is never held while fetches are launched.
 */
final class Readahead {

    private static final int UNCACHED_UNIT = 256 * 1024;
    private static final int INITIAL_UNITS = 4;

    private final FetchTable table;
    private final long maxWindow;
    /** Fetches this handle started whose server reads are in flight: its server file must outlive them. */
    private final Set<Fetch> launched = ConcurrentHashMap.newKeySet();

    // Guarded by this.
    /** This handle's readahead fetches not yet passed by the reader. */
    private final List<Fetch> ahead = new ArrayList<>();
    /** Where the next read of a sequential reader starts. */
    private long expected;
    private long window;
    private long issuedEnd;
    private long trigger;

    /** @param maxWindow the largest window in bytes, positive */
    Readahead(FetchTable table, long maxWindow) {
        this.table = table;
        this.maxWindow = maxWindow;
    }

    /** Called at the start of each read of [position, end): issues the next window if it is due. */
    void advance(long position, long end, ReadRequest reader) {
        long from;
        long to;
        synchronized (this) {
            boolean sequential = position == expected;
            expected = end;
            if (!sequential) {
                drop(fetch -> true);
                window = 0;
                return;
            }
            drop(fetch -> fetch.end() <= position);
            int unit = reader.access() == null ? UNCACHED_UNIT : reader.access().granuleSize();
            long readEnd = (end + unit - 1) / unit * unit;
            if (window == 0) {
                window = Math.min(maxWindow, (long) INITIAL_UNITS * unit);
                issuedEnd = readEnd;
            } else if (end > trigger) {
                window = Math.min(maxWindow, window * 2);
            } else {
                return;
            }
            from = Math.max(issuedEnd, readEnd);
            to = from + window;
            trigger = from;
            issuedEnd = to;
        }
        List<Fetch> started = table.prefetch(reader, from, to);
        for (Fetch fetch : started) {
            launched.add(fetch);
            fetch.arrived.whenComplete((ignored, failure) -> launched.remove(fetch));
        }
        synchronized (this) {
            ahead.addAll(started);
        }
    }

    /** This handle's current readahead fetch covering {@code position}, or {@code null}. */
    synchronized Fetch covering(long position) {
        drop(fetch -> fetch.arrived.isCompletedExceptionally() || !table.isCurrent(fetch));
        for (Fetch fetch : ahead) {
            if (fetch.covers(position)) {
                return fetch;
            }
        }
        return null;
    }

    /** Where this handle's next readahead fetch after {@code position} starts ({@code Long.MAX_VALUE} if none). */
    synchronized long nextStart(long position) {
        long next = Long.MAX_VALUE;
        for (Fetch fetch : ahead) {
            if (fetch.start > position) {
                next = Math.min(next, fetch.start);
            }
        }
        return next;
    }

    /**
     * Waits for this handle's readahead to finish with the server, so its server file can be closed,
     * and lets go of the fetches not passed yet.
     */
    void quiesce() {
        for (Fetch fetch : List.copyOf(launched)) {
            fetch.arrived.handle((ignored, failure) -> null).join();
        }
        synchronized (this) {
            drop(fetch -> true);
        }
    }

    /** Removes the fetches {@code passed} says, dropping the reference each held since it was issued; under this lock. */
    private void drop(Predicate<Fetch> passed) {
        ahead.removeIf(fetch -> {
            if (passed.test(fetch)) {
                fetch.release();
                return true;
            }
            return false;
        });
    }
}
