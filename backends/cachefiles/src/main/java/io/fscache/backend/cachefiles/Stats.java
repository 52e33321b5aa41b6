package io.fscache.backend.cachefiles;

import java.util.concurrent.atomic.LongAdder;

/** The event counters of {@link CachefilesCache#counters()}; the levels come from elsewhere. */
final class Stats {
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder writes = new LongAdder();
    final LongAdder culled = new LongAdder();
    final LongAdder noSpace = new LongAdder();
    /** Commits a write asked for because its object's dirty granules reached the count (not reported: tests tell it from the sweep). */
    final LongAdder commitsByCount = new LongAdder();
}
