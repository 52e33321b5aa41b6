package io.fscache.netfs.lib;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.api.FsCache;
import io.fscache.api.Occupancy;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FscacheFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state of one file of a mount that all its open handles share (the kernel's netfs inode):
 * the cache cookie, the sizes, the fetches in flight by granule, the dirty data of write-back mode
 * and the write generation that keeps stale server data out of the cache.
 *
 * <p><b>Write generations.</b> Data fetched from the server may be copied to the cache, or handed to
 * another reader, only if no write to the file began or was in progress since the fetch started.
 * Every write bumps the generation when it begins and when it ends; a fetch started while a write
 * was in progress gets no generation at all. A fetch's store is checked and counted under this
 * node's monitor, the same monitor that starts a write, and a write waits for stores already counted
 * before it updates the cache itself: so the cache never ends up with bytes older than a write.
 *
 * <p><b>Racy timestamps.</b> A server's timestamps are coarse, so two changes within one tick leave
 * the coherency data as it was. Data fetched while the file's last modification was less than the
 * racy window ago may therefore be followed by a change nobody can see (the rule git applies to its
 * index). (What this client writes is cached under the attributes the server reports after the
 * write, as the file's own writes update its coherency data.) Such data is <em>racy</em>: handles
 * open together share it, but the first open after they have all closed does not trust it and
 * invalidates it, and the cookie's coherency data is changed to one no server sends ({@link #coherencyData}),
 * so neither a later open through a new cookie nor a later run trusts it either. Cache hits never
 * ask: the rule costs one clock read per server fetch, and nothing on the warm path.
 */
final class FileNode {

    /** Appended to a change id to make coherency data that no server sends: see {@link #coherencyData}. */
    private static final byte[] RACY_MARK = {0, 'r', 'a', 'c', 'y'};

    private final byte[] fileId;
    /** The cache cookie, or {@code null} when the file is not cached. */
    private final Cookie cookie;
    private final RpcLimiter limiter;
    private final FetchTable fetches;
    /** Serializes writes, flushes and truncations of this file (as the kernel's inode lock does). */
    private final ReentrantLock writeLock = new ReentrantLock();
    private final DirtyRanges dirty = new DirtyRanges();

    /** The granule being written sequentially, not yet whole (see {@link CacheStream}); guarded by {@link #writeLock}. */
    private WriteTail tail;
    /** The write-back flush in flight, or {@code null}; guarded by {@link #writeLock}. */
    private WriteBehind writeBehind;

    /** The size as this client sees it, dirty data included. */
    private volatile long size;
    /** The size as the server has it. */
    private volatile long serverSize;
    private volatile byte[] changeId;
    /** The server's last modification of the file. */
    private volatile FileTime lastModified;
    private final long racyWindowMillis;
    /** Data of the current change was fetched or written within the racy window of its modification. */
    private volatile boolean racy;
    /** Written through this mount since the server's change id was last read. */
    private volatile boolean modifiedLocally;
    /** The server said another client changed the file: the next read checks its attributes. */
    private final AtomicBoolean changeNotice = new AtomicBoolean();
    /** When the server's attributes of the file were last read ({@link System#nanoTime}): see {@link #claimRecheck}. */
    private final AtomicLong attributesRead = new AtomicLong(System.nanoTime());

    // Guarded by this.
    private long generation;
    private long serverChanges;
    private int activeWrites;
    private final StoreCount stores = new StoreCount();

    /**
     * @param racyWindowMillis see {@link #touched}; 0 trusts every timestamp
     * @param buffers where the file's cached fetches take their buffers (shared by the export's files)
     * @param stores where the file's fetched bytes are copied to the cache (shared by the export's files)
     */
    FileNode(FileAttributes attributes, Cookie cookie, int maxInFlight, long racyWindowMillis, FetchBuffers buffers,
            CacheStores stores) {
        this.fetches = new FetchTable(this, buffers, stores);
        this.fileId = attributes.fileId();
        this.cookie = cookie;
        this.limiter = new RpcLimiter(maxInFlight);
        this.size = attributes.size();
        this.serverSize = attributes.size();
        this.changeId = attributes.changeId();
        this.lastModified = attributes.lastModified();
        this.racyWindowMillis = racyWindowMillis;
    }

    /** The server's id of the file: the cookie's key. */
    byte[] fileId() {
        return fileId;
    }

    /** The cache cookie, or {@code null} when the file is not cached. */
    Cookie cookie() {
        return cookie;
    }

    /** Keeps the protocol's RPCs in flight for this file within its limit. */
    RpcLimiter limiter() {
        return limiter;
    }

    /** The server fetches in flight (and not yet in the cache), by granule. */
    FetchTable fetches() {
        return fetches;
    }

    /** Serializes writes, flushes and truncations of this file (as the kernel's inode lock does). */
    ReentrantLock writeLock() {
        return writeLock;
    }

    /** The write-back data not yet uploaded. */
    DirtyRanges dirty() {
        return dirty;
    }

    /** The granule being written sequentially, or {@code null}; the caller holds {@link #writeLock()}. */
    WriteTail tail() {
        return tail;
    }

    /** Sets or clears ({@code null}) the write tail; the caller holds {@link #writeLock()}. */
    void tail(WriteTail newTail) {
        tail = newTail;
    }

    /** The write-back flush in flight, or {@code null}; the caller holds {@link #writeLock()}. */
    WriteBehind writeBehind() {
        return writeBehind;
    }

    /** Sets or clears ({@code null}) the write-back flush in flight; the caller holds {@link #writeLock()}. */
    void writeBehind(WriteBehind flush) {
        writeBehind = flush;
    }

    /** The server said another client changed the file (see {@link FileTable#changeNotified}). */
    void changeNotified() {
        changeNotice.set(true);
    }

    /** Whether the server said the file changed since the last call: the caller checks its attributes. */
    boolean takeChangeNotice() {
        return changeNotice.get() && changeNotice.getAndSet(false);
    }

    /** The server's attributes of the file were read just now (at an open for data, or a refresh). */
    void attributesRead() {
        attributesRead.set(System.nanoTime());
    }

    /**
     * Claims the recheck of the file's attributes that is due once they are {@code maxAgeNanos} old
     * (the mount's {@code actimeo}): a handle whose reads the cache serves would otherwise never
     * see a change made on the server while it is open. One reader claims it; the others go on.
     *
     * @return whether the caller claimed it
     */
    boolean claimRecheck(long maxAgeNanos) {
        long now = System.nanoTime();
        long read = attributesRead.get();
        return now - read >= maxAgeNanos && attributesRead.compareAndSet(read, now);
    }

    /** A handle wrote to the file (or truncated it) through this mount. */
    void markModifiedLocally() {
        modifiedLocally = true;
    }

    /** Whether the file was written through this mount since the server's change id was last read. */
    boolean isModifiedLocally() {
        return modifiedLocally;
    }

    long size() {
        return size;
    }

    long serverSize() {
        return serverSize;
    }

    /** Takes the server's view after the last writer's close: it includes what this mount wrote. */
    void closedAfterWrites(FileAttributes attributes) {
        serverAttributes(attributes);
        modifiedLocally = false;
    }

    /** Takes the server's view after an open or a refresh; dirty data may still extend the file. */
    void serverAttributes(FileAttributes attributes) {
        changeId = attributes.changeId();
        lastModified = attributes.lastModified();
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

    /**
     * Whether {@code attributes} describe the data this node has: the same size and modification
     * time, whatever the change id says (a rename or a change of mode moves the ctime, and with it
     * the change id, but not the data).
     */
    boolean sameData(FileAttributes attributes) {
        return serverSize == attributes.size() && lastModified.equals(attributes.lastModified());
    }

    // ---- racy timestamps ----

    /**
     * Data of the file is being fetched from the server now, to be cached: if the
     * server modified the file less than the racy window ago (or its clock is ahead of ours), the
     * data is racy from now until the next invalidation, and the cookie is told so.
     */
    void touched() {
        if (racy || racyWindowMillis == 0 || System.currentTimeMillis() - lastModified.toMillis() >= racyWindowMillis) {
            return;
        }
        synchronized (this) {
            if (racy) {
                return;
            }
            racy = true;
        }
        if (cookie != null) {
            cookie.update(coherencyData(), serverSize);
        }
    }

    /** Whether the data of the current change was cached within the racy window: see {@link #touched}. */
    boolean isRacy() {
        return racy;
    }

    /**
     * The coherency data for the cookie: the server's change id, or for racy data that id followed
     * by {@link #RACY_MARK}, which no server sends for this file (its change ids have one length),
     * so the cached object is found stale wherever it is looked up next.
     */
    byte[] coherencyData() {
        byte[] id = changeId;
        if (!racy) {
            return id;
        }
        if (id.length + RACY_MARK.length > FsCache.MAX_AUX_LENGTH) {
            return RACY_MARK.clone();
        }
        byte[] marked = Arrays.copyOf(id, id.length + RACY_MARK.length);
        System.arraycopy(RACY_MARK, 0, marked, id.length, RACY_MARK.length);
        return marked;
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
     * Counts a copy of fetched data to the cache as issued, until {@link #storeDone()}, if the fetch is
     * still current; false if its data may be stale and must not be stored.
     */
    synchronized boolean beginStore(long fetchGeneration) {
        if (!isCurrent(fetchGeneration)) {
            return false;
        }
        stores.begun();
        return true;
    }

    void storeDone() {
        stores.landed();
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

    /**
     * The server's copy changed under us (or its cached data is racy): fetches in flight and the
     * write tail are stale, and what is fetched from now on is judged racy afresh.
     */
    synchronized void serverChanged() {
        generation++;
        serverChanges++;
        racy = false;
    }

    /** How many times the server's copy was found changed under us. */
    synchronized long serverChanges() {
        return serverChanges;
    }

    /** Waits until the stores counted before the current write began have landed (none begin during it). */
    void awaitStores() {
        stores.awaitLanded();
    }

    /** Begins a cache operation for a read: {@code null} if the file is uncached or its cache not live. */
    CacheAccess beginCacheOperation() {
        return cookie == null ? null : cookie.beginOperation().orElse(null);
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
