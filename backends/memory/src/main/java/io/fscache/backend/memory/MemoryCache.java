package io.fscache.backend.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.fscache.api.ByteSize;
import io.fscache.backend.support.Granules;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheProperties;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A cache backend that holds granules in off-heap memory under a fixed byte budget. Its content is
 * lost when the instance goes away.
 *
 * <p>Storage is a pool of direct buffers of one granule each, allocated lazily and never more than
 * {@code capacity / granuleSize}, so the budget holds by construction. A Caffeine cache indexes the
 * slabs by (object generation, granule) and chooses victims with W-TinyLFU; each object keeps a
 * RoaringBitmap of its present granules. Reads copy on the caller's thread without locks and
 * validate the slab's stamp afterwards, so a slab recycled mid-copy fails the read instead of
 * serving another granule's bytes. I/O stages are complete when returned.
 *
 * <p>Objects outlive {@link io.fscache.spi.CacheObject#close()}: a later lookup with the same
 * coherency data and size finds them while any of their granules remain.
 *
 * <p>{@link #counters()} reports {@code hits} (granules read), {@code misses} (granules
 * {@code prepareRead} sent to the server, and reads that found a granule gone), {@code evictions}
 * (granules evicted), {@code writes} (granules stored), {@code noSpace} (writes refused for lack
 * of a slab), {@code bytes} (the usage), {@code objects} (objects lookups can find) and {@code open}
 * (objects opened by a lookup or creation and not yet closed or discarded).
 *
 * <p>Thread-safe. Usable without OSGi: construct it, hand it to the core, {@link #withdraw()} it
 * when done.
 */
public final class MemoryCache implements CacheBackend {

    /** How often a writer that finds no free slab evicts the coldest granule and tries again. */
    private static final int EVICTION_ATTEMPTS = 8;

    private final String name;
    private final long capacity;
    private final int granuleSize;
    private final Granules granules;
    private final SlabPool pool;
    private final Cache<GranuleKey, Slab> index;
    private final Policy.Eviction<GranuleKey, Slab> eviction;
    private final ConcurrentMap<String, MemoryVolume> volumes = new ConcurrentHashMap<>();
    private final Object volumeLock = new Object();
    private final AtomicLong generations = new AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder noSpace = new LongAdder();
    private final LongAdder open = new LongAdder();
    private volatile boolean withdrawn;

    /**
     * Creates an empty cache.
     *
     * @param name the cache's name: see {@link CacheProperties#checkName}
     * @param capacityBytes the byte budget; at least one granule (a partial granule is left unused),
     *        at most the JVM's direct-memory limit
     * @param granuleSize the unit of storage: see {@link CacheProperties#checkGranule}
     * @throws IllegalArgumentException if an argument is invalid
     */
    public MemoryCache(String name, long capacityBytes, int granuleSize) {
        checkArguments(name, capacityBytes, granuleSize);
        this.name = name;
        this.capacity = capacityBytes;
        this.granuleSize = granuleSize;
        this.granules = new Granules(granuleSize);
        long slabs = capacityBytes / granuleSize;
        this.pool = new SlabPool(granuleSize, slabs);
        // Caffeine's bound sits a little below the slab budget, so its own W-TinyLFU eviction (with
        // admission) does the steady-state work while writers filling a granule still find a free
        // slab. Small caches have no slack: there writers evict the coldest granule themselves.
        long reserve = slabs / 64;
        this.index = Caffeine.newBuilder()
                .maximumWeight((slabs - reserve) * granuleSize)
                .weigher((GranuleKey key, Slab slab) -> granuleSize)
                .executor(Runnable::run)
                .evictionListener((GranuleKey key, Slab slab, RemovalCause cause) -> {
                    evictions.increment();
                    release(slab);
                })
                .build();
        this.eviction = index.policy().eviction().orElseThrow();
    }

    /**
     * The rules the constructor holds its arguments to, without building anything: a tool checks a
     * configuration with them before writing it.
     *
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    public static void checkArguments(String name, long capacityBytes, int granuleSize) {
        CacheProperties.checkName(name);
        CacheProperties.checkGranule(granuleSize);
        if (capacityBytes < granuleSize) {
            throw new IllegalArgumentException("size of " + capacityBytes
                    + " bytes is less than one granule of " + granuleSize + " bytes");
        }
        long offHeap = DirectMemory.limit();
        if (capacityBytes > offHeap) {
            throw new IllegalArgumentException("size " + ByteSize.format(capacityBytes)
                    + " is larger than the JVM's direct memory (" + ByteSize.format(offHeap)
                    + ": -XX:MaxDirectMemorySize, by default the maximum heap size)");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int granuleSize() {
        return granuleSize;
    }

    /** The granule arithmetic of this cache's objects. */
    Granules granules() {
        return granules;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public long usage() {
        return pool.usage();
    }

    @Override
    public BackendVolume openVolume(String volumeKey, byte[] coherency) throws IOException {
        requireLive();
        synchronized (volumeLock) {
            MemoryVolume volume = volumes.get(volumeKey);
            if (volume != null && volume.hasCoherency(coherency)) {
                return volume;
            }
            if (volume != null) {
                volume.discard();
            }
            MemoryVolume fresh = new MemoryVolume(this, volumeKey, coherency);
            volumes.put(volumeKey, fresh);
            return fresh;
        }
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("hits", hits.sum());
        counters.put("misses", misses.sum());
        counters.put("evictions", evictions.sum());
        counters.put("writes", writes.sum());
        counters.put("noSpace", noSpace.sum());
        counters.put("bytes", usage());
        counters.put("objects", volumes.values().stream().mapToLong(MemoryVolume::objectCount).sum());
        counters.put("open", open.sum());
        return Collections.unmodifiableMap(counters);
    }

    /**
     * Drops all content. Direct buffers have no explicit free: their memory returns to the JVM when
     * the garbage collector reclaims them. Idempotent.
     */
    @Override
    public void withdraw() {
        withdrawn = true;
        volumes.clear();
        index.invalidateAll();
        pool.close();
    }

    @Override
    public String toString() {
        return "MemoryCache[" + name + ", " + capacity + " bytes, granule " + granuleSize + "]";
    }

    // ---------------------------------------------------------------- for volumes and objects

    MemoryObject newObject(MemoryVolume volume, ObjectKey key, byte[] aux, long objectSize) throws IOException {
        requireLive();
        return new MemoryObject(this, volume, key, generations.incrementAndGet(), aux, objectSize);
    }

    void removeVolume(MemoryVolume volume) {
        volumes.remove(volume.key(), volume);
    }

    /** The slab holding a granule; a hit feeds Caffeine's frequency sketch. */
    Slab lookup(GranuleKey key) {
        return index.getIfPresent(key);
    }

    /** A free slab, evicting the coldest granules if the budget is spent; {@code null} if none can be had. */
    Slab takeSlab() {
        Slab slab = pool.take();
        for (int attempt = 0; slab == null && attempt < EVICTION_ATTEMPTS && !withdrawn; attempt++) {
            for (Map.Entry<GranuleKey, Slab> victim : eviction.coldest(1).entrySet()) {
                if (remove(victim.getKey(), victim.getValue())) {
                    evictions.increment();
                }
            }
            slab = pool.take();
        }
        if (slab == null) {
            noSpace.increment();
        }
        return slab;
    }

    /** Puts a filled slab into the index, releasing the one it replaces. */
    void store(GranuleKey key, Slab slab) {
        giveBack(swap(key, null, slab));
    }

    void remove(GranuleKey key) {
        giveBack(swap(key, null, null));
    }

    /** Removes a granule if {@code slab} still holds it; whether it did. */
    boolean remove(GranuleKey key, Slab slab) {
        return giveBack(swap(key, slab, null));
    }

    /**
     * Replaces {@code key}'s slab in the index by {@code replacement} (or removes it, if null) when it
     * is {@code expected} (any slab, if null), and drops the slab it replaces from its object's map in
     * the same atomic step of the index. Dropped later, it could clear the claim of a writer that
     * published the granule again in between, leaving that writer's slab in the index with no map
     * claiming it: never read, never discarded, a leak of the budget.
     *
     * @return the slab replaced, or null
     */
    private Slab swap(GranuleKey key, Slab expected, Slab replacement) {
        Slab[] replaced = new Slab[1];
        index.asMap().compute(key, (k, current) -> {
            if (current == null || expected != null && current != expected) {
                return current != null ? current : replacement;
            }
            current.owner().drop(current);
            replaced[0] = current;
            return replacement;
        });
        return replaced[0];
    }

    /** Gives a slab taken out of the index back to the pool; whether there was one. */
    private boolean giveBack(Slab slab) {
        if (slab == null) {
            return false;
        }
        pool.give(slab);
        return true;
    }

    void opened() {
        open.increment();
    }

    void closed() {
        open.decrement();
    }

    void hit(long granules) {
        hits.add(granules);
    }

    void missed(long granules) {
        misses.add(granules);
    }

    void wrote() {
        writes.increment();
    }

    /** A slab was evicted, inside Caffeine's atomic step: exactly one caller gets here per slab publication. */
    private void release(Slab slab) {
        slab.owner().drop(slab);
        pool.give(slab);
    }

    private void requireLive() throws IOException {
        if (withdrawn) {
            throw new IOException("memory cache " + name + " has been withdrawn");
        }
    }
}
