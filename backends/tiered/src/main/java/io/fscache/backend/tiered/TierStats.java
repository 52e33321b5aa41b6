package io.fscache.backend.tiered;

import java.util.concurrent.atomic.LongAdder;

/** One tier's counters; kept by tier name, so a tier that leaves and comes back keeps counting. */
final class TierStats {

    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder promotions = new LongAdder();
}
