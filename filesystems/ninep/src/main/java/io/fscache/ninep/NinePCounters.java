package io.fscache.ninep;

import java.util.concurrent.atomic.LongAdder;

/** What a filesystem's sessions moved, summed; one instance per {@link NinePFilesystem}. */
final class NinePCounters {

    final LongAdder rpcs = new LongAdder();
    final LongAdder readBytes = new LongAdder();
    final LongAdder writtenBytes = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder flushes = new LongAdder();

    NinePStats snapshot() {
        return new NinePStats(rpcs.sum(), readBytes.sum(), writtenBytes.sum(), reconnects.sum(), flushes.sum());
    }
}
