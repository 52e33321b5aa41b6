package io.fscache.ninep;

/**
 * Counters of one {@link NinePFilesystem}, summed over all its sessions since it was created.
 *
 * @param rpcs requests sent (flushes included)
 * @param readBytes data bytes carried by {@code Rread} replies
 * @param writtenBytes data bytes the server acknowledged in {@code Rwrite} replies
 * @param reconnects attempts to connect again after a session lost its connection
 * @param flushes requests abandoned (timed out or cancelled) and flushed with {@code Tflush}
 */
public record NinePStats(long rpcs, long readBytes, long writtenBytes, long reconnects, long flushes) {
}
