package io.fscache.smb;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the SMB sessions of one {@link SmbFilesystem} moved, summed over all its sessions: SMB2 READ
 * and WRITE requests sent and the bytes their responses carried, and reconnections after a lost
 * connection. Thread-safe; counts only grow.
 */
public final class SmbStatistics {

    private final LongAdder readRpcs = new LongAdder();
    private final LongAdder readBytes = new LongAdder();
    private final LongAdder writeRpcs = new LongAdder();
    private final LongAdder writeBytes = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();

    /** SMB2 READ requests sent. */
    public long readRpcs() {
        return readRpcs.sum();
    }

    /** Bytes returned by SMB2 READ responses. */
    public long readBytes() {
        return readBytes.sum();
    }

    /** SMB2 WRITE requests sent. */
    public long writeRpcs() {
        return writeRpcs.sum();
    }

    /** Bytes the server acknowledged in SMB2 WRITE responses. */
    public long writeBytes() {
        return writeBytes.sum();
    }

    /** Times a session set up a new connection, session and tree connect after losing them. */
    public long reconnects() {
        return reconnects.sum();
    }

    /** The most READ and WRITE requests that were awaiting their responses at once. */
    public int peakInFlight() {
        return peakInFlight.get();
    }

    void readSent() {
        readRpcs.increment();
        sent();
    }

    void read(int bytes) {
        readBytes.add(bytes);
    }

    void writeSent() {
        writeRpcs.increment();
        sent();
    }

    void answered() {
        inFlight.decrementAndGet();
    }

    private void sent() {
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    void written(int bytes) {
        writeBytes.add(bytes);
    }

    void reconnected() {
        reconnects.increment();
    }

    @Override
    public String toString() {
        return "SmbStatistics[reads=" + readRpcs() + " (" + readBytes() + " B), writes=" + writeRpcs() + " ("
                + writeBytes() + " B), peak in flight=" + peakInFlight() + ", reconnects=" + reconnects() + "]";
    }
}
