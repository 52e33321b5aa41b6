package io.fscache.netfs;

/**
 * A session's I/O limits, as negotiated with the server.
 *
 * @param maxReadSize the largest single read RPC, in bytes
 * @param maxWriteSize the largest single write RPC, in bytes
 * @param maxInFlight how many RPCs of one file may be outstanding at once (credits, pipeline depth)
 */
public record IoLimits(int maxReadSize, int maxWriteSize, int maxInFlight) {

    public IoLimits {
        if (maxReadSize <= 0 || maxWriteSize <= 0 || maxInFlight <= 0) {
            throw new IllegalArgumentException("limits must be positive: read=" + maxReadSize
                    + " write=" + maxWriteSize + " inFlight=" + maxInFlight);
        }
    }
}
