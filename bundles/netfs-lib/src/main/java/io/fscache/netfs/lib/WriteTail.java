package io.fscache.netfs.lib;

/**
 * The bytes of one granule known from its start, gathered from writes that did not cover it whole:
 * a file written in small sequential writes completes each granule over several writes, and the
 * granule can go to the cache only once it is whole (or once it is the file's last granule and the
 * writer closes).
 */
final class WriteTail {

    final long start;
    final byte[] bytes;
    /** The server changes counted when the tail began: a change found since makes it stale. */
    final long serverChanges;
    /** Bytes known from {@link #start} on. */
    int length;

    WriteTail(long start, int granuleSize, long serverChanges) {
        this.start = start;
        this.bytes = new byte[granuleSize];
        this.serverChanges = serverChanges;
    }
}
