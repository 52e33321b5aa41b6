package io.fscache.netfs.lib;

import java.util.TreeMap;

/**
 * Collects completed subrequests of one stream in file order: however they complete, what it
 * reports done is always a prefix of the stream, so nothing after a gap is taken as written.
 * Not thread-safe: used under its {@link Upload}'s lock.
 */
final class Collector {

    private long frontier;
    /** Completed ranges beyond the frontier: start to end. */
    private final TreeMap<Long, Long> ahead = new TreeMap<>();

    Collector(long start) {
        this.frontier = start;
    }

    /** A subrequest covering [position, position + length) completed. */
    void completed(long position, long length) {
        ahead.put(position, position + length);
        for (Long end = ahead.remove(frontier); end != null; end = ahead.remove(frontier)) {
            frontier = end;
        }
    }

    /** Everything before this position is done. */
    long frontier() {
        return frontier;
    }
}
