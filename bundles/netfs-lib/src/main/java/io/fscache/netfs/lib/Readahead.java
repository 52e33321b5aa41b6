package io.fscache.netfs.lib;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Readahead for one open file: detects a sequential reader and keeps a growing window of fetches in
 * flight ahead of it, so that one reader keeps a long, fat pipe full (seed 004's scheme).
 *
 * <p>The first sequential read issues a window of four units (cache granules, or 256 KiB without a
 * cache) beyond itself and sets the trigger at the window's start. Each read that passes the trigger
 * doubles the window, up to the maximum, issues the next window beyond what was issued, and moves the
 * trigger to its start. Since the next window is issued as soon as the reader enters the previous
 * one, about two windows are in flight or ready ahead of a steady reader; the protocol's in-flight
 * limit bounds what is actually on the wire. A non-sequential read resets the window.
 *
 * <p>Not thread-safe: used under the handle's lock, like its {@link ReadEngine}.
 */
final class Readahead {

    private static final int UNCACHED_UNIT = 256 * 1024;
    private static final int INITIAL_UNITS = 4;

    private final ReadEngine engine;
    private final FileNode node;
    private final long maxWindow;
    /** This handle's readahead fetches, in file order. */
    private final ArrayDeque<Fetch> ahead = new ArrayDeque<>();
    /** Where the next read of a sequential reader starts. */
    private long expected;
    private long window;
    private long issuedEnd;
    private long trigger;

    Readahead(ReadEngine engine, FileNode node, long maxWindow) {
        this.engine = engine;
        this.node = node;
        this.maxWindow = maxWindow;
    }

    /** Called at the start of each read of [position, end): issues the next window if due. */
    void advance(long position, long end, SharedAccess access) {
        boolean sequential = position == expected;
        expected = end;
        if (!sequential) {
            ahead.clear();
            window = 0;
            return;
        }
        while (!ahead.isEmpty() && ahead.peekFirst().end() <= position) {
            ahead.pollFirst();
        }
        int unit = access == null ? UNCACHED_UNIT : access.access.granuleSize();
        long readEnd = (end + unit - 1) / unit * unit;
        if (window == 0) {
            window = Math.min(maxWindow, (long) INITIAL_UNITS * unit);
            issuedEnd = readEnd;
        } else if (end > trigger) {
            window = Math.min(maxWindow, window * 2);
        } else {
            return;
        }
        long from = Math.max(issuedEnd, readEnd);
        ahead.addAll(engine.prefetch(from, from + window, access));
        trigger = from;
        issuedEnd = from + window;
    }

    /** This handle's current readahead fetch covering {@code position}, or {@code null}. */
    Fetch covering(long position) {
        for (Iterator<Fetch> it = ahead.iterator(); it.hasNext();) {
            Fetch fetch = it.next();
            if (!node.isCurrent(fetch.generation) || fetch.data.isCompletedExceptionally()) {
                it.remove();
            } else if (fetch.covers(position)) {
                return fetch;
            }
        }
        return null;
    }

    /** Where this handle's next readahead fetch after {@code position} starts ({@code Long.MAX_VALUE} if none). */
    long nextStart(long position) {
        for (Fetch fetch : ahead) {
            if (fetch.start > position) {
                return fetch.start;
            }
        }
        return Long.MAX_VALUE;
    }
}
