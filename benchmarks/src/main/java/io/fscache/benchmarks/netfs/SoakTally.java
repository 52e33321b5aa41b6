package io.fscache.benchmarks.netfs;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the soak's readers and writers did, counted from any thread. */
final class SoakTally {

    final LongAdder reads = new LongAdder();
    final LongAdder bytesVerified = new LongAdder();
    final LongAdder mismatches = new LongAdder();
    final LongAdder writes = new LongAdder();
    final LongAdder changes = new LongAdder();
    final LongAdder withdrawals = new LongAdder();
    final LongAdder restarts = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    /**
     * Counts a failed operation by its kind: what failed and the root cause's class. The first
     * failure of each kind is printed with its message.
     */
    void error(String operation, Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String kind = operation + ":" + cause.getClass().getSimpleName();
        errors.computeIfAbsent(kind, first -> {
            SoakChaos.log("first " + first + ": " + failure);
            return new LongAdder();
        }).increment();
    }

    /** The failed operations so far by kind, sorted, e.g. {@code read:ClosedChannelException=3}. */
    Map<String, Long> errors() {
        Map<String, Long> copy = new TreeMap<>();
        errors.forEach((kind, count) -> copy.put(kind, count.sum()));
        return copy;
    }
}
