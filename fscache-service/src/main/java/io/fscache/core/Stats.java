package io.fscache.core;

import io.fscache.api.FsCacheStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The core's counters, laid out like {@code /proc/fs/fscache/stats}. Event counters are
 * {@link LongAdder}s (cheap under contention, resettable); gauges are live counts.
 */
final class Stats {

    // Cookies: gauges and collisions
    final AtomicInteger cookies = new AtomicInteger();
    final AtomicInteger volumes = new AtomicInteger();
    final LongAdder volumeCollisions = new LongAdder();
    final LongAdder cookieCollisions = new LongAdder();
    // Acquire
    final LongAdder acquires = new LongAdder();
    final LongAdder acquiresOk = new LongAdder();
    final LongAdder lookups = new LongAdder();
    final LongAdder lookupsNegative = new LongAdder();
    final LongAdder lookupsFailed = new LongAdder();
    final LongAdder lookupsNoCache = new LongAdder();
    // LRU
    final AtomicInteger lruCookies = new AtomicInteger();
    final LongAdder lruExpired = new LongAdder();
    final LongAdder lruRemoved = new LongAdder();
    final LongAdder lruDropped = new LongAdder();
    // Invals
    final LongAdder invalidations = new LongAdder();
    // Updates
    final LongAdder updates = new LongAdder();
    final LongAdder resizes = new LongAdder();
    // Relinqs
    final LongAdder relinquishes = new LongAdder();
    final LongAdder relinquishesRetire = new LongAdder();
    final LongAdder relinquishesDropped = new LongAdder();
    // NoSpace
    final LongAdder noWriteSpace = new LongAdder();
    final LongAdder noCreateSpace = new LongAdder();
    // IO
    final LongAdder reads = new LongAdder();
    final LongAdder readBytes = new LongAdder();
    final LongAdder writes = new LongAdder();
    final LongAdder writeBytes = new LongAdder();
    final LongAdder staleReads = new LongAdder();
    final LongAdder droppedWrites = new LongAdder();
    final LongAdder ioErrors = new LongAdder();

    FsCacheStats snapshot() {
        Map<String, Map<String, Long>> lines = new LinkedHashMap<>();
        lines.put("Cookies", line("n", cookies.get(), "v", volumes.get(), "vcol", volumeCollisions.sum(),
                "ccol", cookieCollisions.sum()));
        lines.put("Acquire", line("n", acquires.sum(), "ok", acquiresOk.sum(), "lkp", lookups.sum(),
                "neg", lookupsNegative.sum(), "err", lookupsFailed.sum(), "nbf", lookupsNoCache.sum()));
        lines.put("LRU", line("n", lruCookies.get(), "exp", lruExpired.sum(), "rmv", lruRemoved.sum(),
                "drp", lruDropped.sum()));
        lines.put("Invals", line("n", invalidations.sum()));
        lines.put("Updates", line("n", updates.sum(), "rsz", resizes.sum()));
        lines.put("Relinqs", line("n", relinquishes.sum(), "rtr", relinquishesRetire.sum(),
                "drop", relinquishesDropped.sum()));
        lines.put("NoSpace", line("nwr", noWriteSpace.sum(), "ncr", noCreateSpace.sum()));
        lines.put("IO", line("rd", reads.sum(), "rdb", readBytes.sum(), "wr", writes.sum(),
                "wrb", writeBytes.sum(), "stl", staleReads.sum(), "drp", droppedWrites.sum(),
                "err", ioErrors.sum()));
        return new FsCacheStats(lines);
    }

    /** Resets the event counters; gauges (live cookies, volumes, LRU length) keep their values. */
    void reset() {
        for (LongAdder adder : new LongAdder[] {volumeCollisions, cookieCollisions, acquires, acquiresOk,
                lookups, lookupsNegative, lookupsFailed, lookupsNoCache, lruExpired, lruRemoved, lruDropped,
                invalidations, updates, resizes, relinquishes, relinquishesRetire, relinquishesDropped,
                noWriteSpace, noCreateSpace, reads, readBytes, writes, writeBytes, staleReads, droppedWrites,
                ioErrors}) {
            adder.reset();
        }
    }

    private static Map<String, Long> line(Object... namesAndValues) {
        Map<String, Long> line = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            line.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).longValue());
        }
        return line;
    }
}
