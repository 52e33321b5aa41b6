package io.fscache.netfs;

/**
 * The capacity of the filesystem behind an export, as the server reports it ({@code df}).
 *
 * @param totalBytes the filesystem's size
 * @param freeBytes the unallocated bytes
 * @param availableBytes the bytes this session's user may still allocate
 */
public record FileSpace(long totalBytes, long freeBytes, long availableBytes) {

    public FileSpace {
        if (totalBytes < 0 || freeBytes < 0 || availableBytes < 0) {
            throw new IllegalArgumentException("negative space: total=" + totalBytes + " free=" + freeBytes
                    + " available=" + availableBytes);
        }
    }
}
