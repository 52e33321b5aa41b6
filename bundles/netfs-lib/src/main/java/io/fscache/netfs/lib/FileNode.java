package io.fscache.netfs.lib;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.api.Occupancy;
import io.fscache.netfs.FileAttributes;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state of one file of a mount that all its open handles share (the kernel's netfs inode):
 * the cache cookie, the sizes, the fetches in flight by granule, the dirty data of write-back mode
 * and the write generation that keeps stale server data out of the cache.
 *
 * <p><b>Write generations.</b> Data fetched from the server may be copied to the cache, or handed to
 * another reader, only if no write to the file began or was in progress since the fetch started.
 * Every write bumps the generation when it begins and when it ends; a fetch started while a write
 * was in progress gets no generation at all. A fetch's store is checked and issued under this
 * node's monitor, the same monitor that starts a write, and a write waits for stores already issued
 * before it updates the cache itself: so the cache never ends up with bytes older than a write.
 */
final class FileNode {

    final byte[] fileId;
    /** The cache cookie, or {@code null} when the file is not cached. */
    final Cookie cookie;
    final RpcLimiter limiter;
    /** Fetches in flight (and not yet in the cache), by granule index. */
    final ConcurrentHashMap<Long, Fetch> fetches = new ConcurrentHashMap<>();
    /** Serializes writes, flushes and truncations of this file (as the kernel's inode lock does). */
    final ReentrantLock writeLock = new ReentrantLock();
    final DirtyRanges dirty = new DirtyRanges();

    /**
     * The granule being written sequentially, not yet whole (see {@link CacheStream}); guarded by
     * {@link #writeLock}.
     */
    WriteTail tail;

    /** The size as this client sees it, dirty data included. */
    private volatile long size;
    /** The size as the server has it. */
    private volatile long serverSize;
    private volatile byte[] changeId;

    // Guarded by this.
    private long generation;
    private long serverChanges;
    private int activeWrites;
    private int storesInFlight;

    // Guarded by the FileTable.
    int opens;
    boolean deleted;
    /** Dropped from the table: its cookie has been relinquished. */
    boolean forgotten;
    /** Written through this mount since the server's change id was last read. */
    volatile boolean modifiedLocally;

    FileNode(FileAttributes attributes, Cookie cookie, int maxInFlight) {
        this.fileId = attributes.fileId();
        this.cookie = cookie;
        this.limiter = new RpcLimiter(maxInFlight);
        this.size = attributes.size();
        this.serverSize = attributes.size();
        this.changeId = attributes.changeId();
    }

    long size() {
        return size;
    }

    long serverSize() {
        return serverSize;
    }

    /** Takes the server's view after an open or a refresh; dirty data may still extend the file. */
    void serverAttributes(FileAttributes attributes) {
        changeId = attributes.changeId();
        serverSize = attributes.size();
        size = Math.max(attributes.size(), dirty.end());
    }

    /** The server now has bytes up to {@code end} (a write succeeded). */
    void serverWroteTo(long end) {
        if (end > serverSize) {
            serverSize = end;
        }
        if (end > size) {
            size = end;
        }
    }

    /** The file now ends at {@code newSize} on the server and locally. */
    void truncated(long newSize) {
        serverSize = newSize;
        size = Math.max(newSize, dirty.end());
    }

    /** Drops write-back data that can no longer be flushed. */
    void discardDirty() {
        if (!dirty.isEmpty()) {
            dirty.clear();
            size = serverSize;
        }
    }

    /** Dirty data now reaches {@code end}. */
    void dirtiedTo(long end) {
        if (end > size) {
            size = end;
        }
    }

    boolean sameChange(FileAttributes attributes) {
        return Arrays.equals(changeId, attributes.changeId()) && serverSize == attributes.size();
    }

    // ---- write generations ----

    /** The generation a fetch starting now gets: {@code -1} (never current) while a write is in progress. */
    synchronized long readGeneration() {
        return activeWrites > 0 ? -1 : generation;
    }

    /** Whether data fetched in {@code fetchGeneration} is still what the server has. */
    synchronized boolean isCurrent(long fetchGeneration) {
        return fetchGeneration >= 0 && fetchGeneration == generation && activeWrites == 0;
    }

    /**
     * Issues {@code store} (a copy of fetched data to the cache) if the fetch is still current, counting
     * it until {@link #storeDone()}. Returns false, without calling it, if the data may be stale.
     */
    synchronized boolean storeIfCurrent(long fetchGeneration, Runnable store) {
        if (!isCurrent(fetchGeneration)) {
            return false;
        }
        storesInFlight++;
        store.run();
        return true;
    }

    synchronized void storeDone() {
        if (--storesInFlight == 0) {
            notifyAll();
        }
    }

    /** A write (or truncation, or a change found on the server) begins: fetches begun so far are stale. */
    synchronized void beginWrite() {
        activeWrites++;
        generation++;
    }

    synchronized void endWrite() {
        generation++;
        activeWrites--;
    }

    /** The server's copy changed under us: fetches in flight and the write tail are stale. */
    synchronized void serverChanged() {
        generation++;
        serverChanges++;
    }

    /** How many times the server's copy was found changed under us. */
    synchronized long serverChanges() {
        return serverChanges;
    }

    /** Waits until the stores issued before the current write have landed. */
    synchronized void awaitStores() {
        boolean interrupted = false;
        while (storesInFlight > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the cache holds of this file now, and in which cache (looked up through the cookie). */
    FscacheFileAttributeView.Attributes cacheAttributes() {
        Optional<CacheAccess> begun = cookie == null ? Optional.empty() : cookie.beginOperation();
        if (begun.isEmpty()) {
            return new FscacheFileAttributeView.Attributes(0, 0, null);
        }
        try (CacheAccess access = begun.get()) {
            Occupancy occupancy = access.occupancy();
            return new FscacheFileAttributeView.Attributes(occupancy.cachedBytes(), occupancy.cachedGranules(),
                    access.cacheName());
        }
    }

    @Override
    public String toString() {
        return "file " + HexFormat.of().formatHex(fileId);
    }
}
