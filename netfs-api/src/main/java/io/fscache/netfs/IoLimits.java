package io.fscache.netfs;

/**
 * A session's I/O limits, as negotiated with the server.
 *
 * @param maxReadSize the largest single read RPC, in bytes
 * @param maxWriteSize the largest single write RPC, in bytes
 * @param maxInFlight how many RPCs of one file may be outstanding at once (credits, pipeline depth)
 * @param readahead the readahead window the protocol suggests for the session, in bytes, where the
 *        mount does not set {@code readahead} (as Linux's NFS client sizes its mounts' readahead from
 *        their rsize); {@code 0} for the engine's default
 */
public record IoLimits(int maxReadSize, int maxWriteSize, int maxInFlight, long readahead) {

    public IoLimits {
        if (maxReadSize <= 0 || maxWriteSize <= 0 || maxInFlight <= 0 || readahead < 0) {
            throw new IllegalArgumentException("limits must be positive: read=" + maxReadSize
                    + " write=" + maxWriteSize + " inFlight=" + maxInFlight + " readahead=" + readahead);
        }
    }

    /** Limits with no readahead of the protocol's: the engine's default applies. */
    public IoLimits(int maxReadSize, int maxWriteSize, int maxInFlight) {
        this(maxReadSize, maxWriteSize, maxInFlight, 0);
    }
}
