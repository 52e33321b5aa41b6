package io.fscache.netfs;

import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * The live counters behind {@link ProtocolStats}, for protocol implementations: one per session,
 * optionally with a parent (the filesystem's) that receives every count too, so a filesystem can
 * also report the sum over its sessions. Thread-safe and lock-free; counts only grow, except
 * {@linkplain #answered() in flight}.
 *
 * @since 1.3
 */
public final class ProtocolCounters {

    private final ProtocolCounters parent;
    private final Map<String, LongAdder> rpcs = new ConcurrentHashMap<>();
    private final LongAdder readBytes = new LongAdder();
    private final LongAdder writtenBytes = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong peakInFlight = new AtomicLong();

    /** Counters without a parent. */
    public ProtocolCounters() {
        this(null);
    }

    /** Counters that also count into {@code parent}, if not {@code null}. */
    public ProtocolCounters(ProtocolCounters parent) {
        this.parent = parent;
    }

    /** A request of {@code kind} went on the wire; pair with {@link #answered()}. */
    public void sent(String kind) {
        rpcs.computeIfAbsent(kind, k -> new LongAdder()).increment();
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        if (parent != null) {
            parent.sent(kind);
        }
    }

    /** A request counted by {@link #sent} is no longer awaited: answered, or lost with its connection. */
    public void answered() {
        inFlight.decrementAndGet();
        if (parent != null) {
            parent.answered();
        }
    }

    /** A read reply carried {@code bytes} of file data. */
    public void read(long bytes) {
        readBytes.add(bytes);
        if (parent != null) {
            parent.read(bytes);
        }
    }

    /** The server acknowledged {@code bytes} of written file data. */
    public void written(long bytes) {
        writtenBytes.add(bytes);
        if (parent != null) {
            parent.written(bytes);
        }
    }

    /** The session connected again after losing its connection. */
    public void reconnected() {
        reconnects.increment();
        if (parent != null) {
            parent.reconnected();
        }
    }

    /** A request failed: refused by the server, timed out, or lost with the connection. */
    public void failed() {
        errors.increment();
        if (parent != null) {
            parent.failed();
        }
    }

    /**
     * A request ended with {@code failure}: counted by {@link #failed()} unless it is a
     * {@link NoSuchFileException}, a lookup's ordinary negative answer and not a failed request.
     *
     * @since 1.4
     */
    public void failed(Throwable failure) {
        if (!(failure instanceof NoSuchFileException)) {
            failed();
        }
    }

    /** The counts now. */
    public ProtocolStats snapshot() {
        Map<String, Long> byKind = rpcs.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum()));
        return new ProtocolStats(byKind, readBytes.sum(), writtenBytes.sum(), inFlight.get(), peakInFlight.get(),
                reconnects.sum(), errors.sum());
    }
}
