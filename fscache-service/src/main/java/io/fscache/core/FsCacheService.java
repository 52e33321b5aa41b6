package io.fscache.core;

import io.fscache.api.CacheInfo;
import io.fscache.api.CookieInfo;
import io.fscache.api.FsCache;
import io.fscache.api.FsCacheMonitor;
import io.fscache.api.FsCacheStats;
import io.fscache.api.KeyCollisionException;
import io.fscache.api.Volume;
import io.fscache.api.VolumeInfo;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheProperties;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The FS-Cache core: the registry of caches, the volumes and cookies, the worker pool that runs the
 * cookie state machines, the cookie LRU and the counters.
 *
 * <p>Usable without OSGi: construct it, {@link #addCache add} backends, acquire volumes, and
 * {@link #close()} it at the end. Inside OSGi the DS component in the {@code internal} package does
 * the same, feeding it the {@link CacheBackend} services as they come and go.
 *
 * <p>Thread-safe.
 */
public class FsCacheService implements FsCache, FsCacheMonitor, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FsCacheService.class.getName());
    /** Busy cookies skipped before {@link #closeIdle} gives up. */
    private static final int IDLE_ATTEMPTS = 16;
    /** The order in which volumes that name no cache choose: highest priority first, then by name. */
    private static final Comparator<RegisteredCache> RANKING =
            Comparator.comparingInt((RegisteredCache c) -> -c.priority).thenComparing(c -> c.name);

    private final FsCacheSettings settings;
    private final Stats stats = new Stats();
    private final CookieLru lru;
    private final OpenObjectLimiter limiter;
    private final ThreadPoolExecutor worker;
    private final ScheduledExecutorService timer;
    private final List<RegisteredCache> caches = new CopyOnWriteArrayList<>();
    /** Caches an operator withdrew at runtime, by name: their backends, held back until restored. Guarded by caches. */
    private final Map<String, Held> held = new LinkedHashMap<>();
    private final Map<String, VolumeImpl> volumes = new ConcurrentHashMap<>();
    private final AtomicInteger nextCacheId = new AtomicInteger(1);
    private final AtomicInteger nextVolumeId = new AtomicInteger(1);
    private final AtomicLong nextCookieId = new AtomicLong(1);
    private volatile boolean closed;

    /** A service with {@link FsCacheSettings#DEFAULTS}. */
    public FsCacheService() {
        this(FsCacheSettings.DEFAULTS);
    }

    public FsCacheService(FsCacheSettings settings) {
        this.settings = settings;
        this.lru = new CookieLru(settings.lruTimeout().toNanos(), stats);
        this.limiter = new OpenObjectLimiter(settings.maxOpenObjects(), lru);
        // Exactly settings.workers() threads, whatever the tasks do. Not a ForkJoinPool: a worker
        // that waits on a CompletableFuture (a backend's commit waiting for its own I/O pool) makes
        // a ForkJoinPool add a compensating thread each time, up to 256 more, idling out one a minute.
        AtomicInteger workerIds = new AtomicInteger();
        this.worker = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "fscache-worker-" + workerIds.getAndIncrement());
                    thread.setDaemon(true);
                    return thread;
                });
        ScheduledThreadPoolExecutor lruTimer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "fscache-lru");
            thread.setDaemon(true);
            return thread;
        });
        lruTimer.setRemoveOnCancelPolicy(true);
        this.timer = lruTimer;
        long tick = Math.max(10, Math.min(1000, settings.lruTimeout().toMillis() / 4));
        timer.scheduleWithFixedDelay(this::expireLru, tick, tick, TimeUnit.MILLISECONDS);
    }

    // ---- caches ----

    /**
     * Makes a cache available with priority 0: new lookups may use it at once.
     *
     * @throws IllegalArgumentException if a live cache has the same name, or the cache's name or
     *         granule breaks the rules of {@link io.fscache.spi.CacheProperties}
     */
    public void addCache(CacheBackend backend) {
        addCache(backend, 0);
    }

    /**
     * Makes a cache available: new lookups may use it at once. A volume that names no cache uses the
     * live cache with the highest priority (ties: the first name in alphabetical order), whatever
     * the order the caches were added in.
     *
     * @param priority the cache's {@link io.fscache.spi.CacheProperties#PRIORITY priority}
     * @throws IllegalArgumentException if a live cache has the same name, or the cache's name or
     *         granule breaks the rules of {@link io.fscache.spi.CacheProperties}, naming the cache
     */
    public void addCache(CacheBackend backend, int priority) {
        checkOpen();
        try {
            CacheProperties.checkName(backend.name());
            CacheProperties.checkGranule(backend.granuleSize());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cache '" + backend.name() + "' refused: " + e.getMessage());
        }
        synchronized (caches) {
            if (held.containsKey(backend.name())) {
                held.put(backend.name(), new Held(backend, priority));
                LOG.log(Level.INFO, "Cache " + backend.name() + " was withdrawn at runtime: held back until restored");
                return;
            }
            for (RegisteredCache cache : caches) {
                if (cache.name.equals(backend.name()) && cache.state() != RegisteredCache.State.WITHDRAWN) {
                    throw new IllegalArgumentException("a cache named '" + backend.name() + "' is already registered");
                }
            }
            RegisteredCache cache = new RegisteredCache(backend, priority, nextCacheId.getAndIncrement(),
                    settings.errorLimit());
            backend.bindIdleObjects(() -> closeIdle(cache));
            // A cache built on caches withdrawn at runtime (tiered) finds their services registered:
            // it leaves them out before its first lookup. Nothing of it is in flight yet, so this is quick.
            for (Held withdrawn : held.values()) {
                backend.peerWithdrawn(withdrawn.backend);
            }
            caches.add(cache);
        }
        LOG.log(Level.INFO, "Cache " + backend.name() + " added");
    }

    /**
     * Withdraws a cache: no new operation begins on it, operations in flight complete, every object
     * is committed and closed, then the backend is told to release everything. Cookies that used it
     * become quiescent and bind to another live cache on their next use. Blocks until done.
     *
     * @return false if the backend was not registered
     */
    public boolean withdrawCache(CacheBackend backend) {
        synchronized (caches) {
            if (held.values().removeIf(h -> h.backend == backend)) {
                return true;
            }
        }
        for (RegisteredCache cache : caches) {
            if (cache.backend == backend) {
                withdraw(cache, true);
                return true;
            }
        }
        return false;
    }

    /** Withdraws the cache with this name; false if there is none. */
    public boolean withdrawCache(String name) {
        for (RegisteredCache cache : caches) {
            if (cache.name.equals(name)) {
                withdraw(cache, true);
                return true;
            }
        }
        return false;
    }

    @Override
    public void withdraw(String cacheName) {
        RegisteredCache live = null;
        synchronized (caches) {
            for (RegisteredCache cache : caches) {
                if (cache.name.equals(cacheName) && (cache.isActive() || cache.state() == RegisteredCache.State.FAILED)) {
                    live = cache;
                }
            }
            if (live == null) {
                throw new IllegalArgumentException("no live cache is named '" + cacheName + "'");
            }
            held.put(cacheName, new Held(live.backend, live.priority));
        }
        // A cache built on this one (tiered) goes on using it through its service, which stays registered.
        for (RegisteredCache other : othersThan(live.backend)) {
            other.backend.peerWithdrawn(live.backend);
        }
        withdraw(live, false);
    }

    /** The caches other than the one of {@code backend} that are active now. */
    private List<RegisteredCache> othersThan(CacheBackend backend) {
        synchronized (caches) {
            return caches.stream().filter(other -> other.backend != backend && other.isActive()).toList();
        }
    }

    @Override
    public void restore(String cacheName) {
        Held backend;
        synchronized (caches) {
            backend = held.remove(cacheName);
        }
        if (backend == null) {
            throw new IllegalArgumentException("no cache named '" + cacheName + "' was withdrawn at runtime");
        }
        addCache(backend.backend, backend.priority);
        for (RegisteredCache other : othersThan(backend.backend)) {
            other.backend.peerRestored(backend.backend);
        }
    }

    /**
     * @param release whether to call the backend's {@code withdraw()} afterwards: not for a cache
     *        withdrawn at runtime, whose backend stays, ready to be restored
     */
    private void withdraw(RegisteredCache cache, boolean release) {
        if (cache.startWithdrawal()) {
            LOG.log(Level.INFO, "Withdrawing cache " + cache.name);
        }
        boolean interrupted = false;
        while (true) {
            try {
                cache.awaitNoAccesses();
                // No lookup can bind to the cache any more: every bound cookie is now known.
                for (CookieImpl cookie : List.copyOf(cache.boundCookies)) {
                    cookie.requestWithdraw(cache);
                }
                cache.awaitNoObjects();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        finishWithdrawal(cache, release);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The cache has no operation in flight and no object open: it leaves every volume and the service. */
    private void finishWithdrawal(RegisteredCache cache, boolean release) {
        if (cache.markWithdrawn()) {
            for (VolumeImpl volume : volumes.values()) {
                volume.closeBinding(cache, false);
            }
            // Released before it leaves the list: whoever waits for the cache to be gone (the shell's
            // cache-withdraw) may reuse its directory at once, whose lock the release frees.
            if (release) {
                try {
                    cache.backend.withdraw();
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "Cache " + cache.name + " failed to release its resources", e);
                }
            }
            caches.remove(cache);
            LOG.log(Level.INFO, "Cache " + cache.name + " withdrawn" + (release ? "" : " at runtime"));
        }
    }

    /**
     * Too many I/O errors in a row: take the cache out of service, in the background. The withdrawal
     * runs as tasks on the worker pool, each started when the counts it waits for drain, so it holds
     * no thread meanwhile (a worker blocked waiting would starve the disposals it waits for).
     */
    void cacheFailed(RegisteredCache cache) {
        LOG.log(Level.ERROR, "Cache " + cache.name + " is out of service after " + settings.errorLimit()
                + " I/O errors in a row; reads go to the server");
        if (cache.startWithdrawal()) {
            LOG.log(Level.INFO, "Withdrawing cache " + cache.name);
        }
        cache.whenNoAccesses()
                .thenRunAsync(() -> List.copyOf(cache.boundCookies).forEach(cookie -> cookie.requestWithdraw(cache)), worker)
                .thenCompose(ignored -> cache.whenNoObjects())
                .thenRunAsync(() -> finishWithdrawal(cache, true), worker)
                .exceptionally(e -> {
                    if (!closed) { // else the pool is shut down and close() withdraws every cache
                        LOG.log(Level.ERROR, "Withdrawing the failed " + cache + " failed", e);
                    }
                    return null;
                });
    }

    /**
     * Commits and closes, on the caller's thread, the oldest object of {@code cache} that only the
     * LRU keeps open: the cache needs the space, and an object nobody uses must be cullable.
     */
    private boolean closeIdle(RegisteredCache cache) {
        for (int attempt = 0; attempt < IDLE_ATTEMPTS; attempt++) {
            CookieImpl victim = lru.pollOldest(cache);
            if (victim == null) {
                return false;
            }
            if (victim.discardToFreeSlot()) {
                return true;
            }
        }
        return false;
    }

    /** The live cache of that name, or for {@code null} the live cache a volume naming none uses; null if none. */
    RegisteredCache selectCache(String name) {
        RegisteredCache best = null;
        for (RegisteredCache cache : caches) {
            if (cache.isActive() && (name == null ? best == null || RANKING.compare(cache, best) < 0 : name.equals(cache.name))) {
                best = cache;
            }
        }
        return best;
    }

    @Override
    public List<String> liveCaches() {
        return caches.stream().filter(RegisteredCache::isActive).sorted(RANKING).map(c -> c.name).toList();
    }

    boolean hasUsableCache(String name) {
        return selectCache(name) != null;
    }

    // ---- volumes ----

    @Override
    public Volume acquireVolume(String volumeKey, String cacheName, byte[] coherency) {
        Keys.checkVolumeKey(volumeKey);
        byte[] checkedCoherency = Keys.checkAux(coherency);
        if (cacheName != null && cacheName.isBlank()) {
            throw new IllegalArgumentException("cache name must not be blank");
        }
        checkOpen();
        VolumeImpl fresh = new VolumeImpl(this, volumeKey, cacheName, checkedCoherency, nextVolumeId.getAndIncrement());
        while (true) {
            VolumeImpl existing = volumes.putIfAbsent(volumeKey, fresh);
            if (existing == null) {
                stats.volumes.incrementAndGet();
                return fresh;
            }
            if (!existing.isRelinquished()) {
                stats.volumeCollisions.increment();
                throw new KeyCollisionException("volume " + volumeKey + " is already acquired");
            }
            existing.awaitDropped();
            volumes.remove(volumeKey, existing);
        }
    }

    void volumeRelinquished(VolumeImpl volume) {
        if (volumes.remove(volume.key(), volume)) {
            stats.volumes.decrementAndGet();
        }
    }

    // ---- monitoring ----

    @Override
    public List<CacheInfo> caches() {
        List<CacheInfo> infos = new ArrayList<>();
        for (RegisteredCache cache : caches) {
            int volumeCount = (int) volumes.values().stream().filter(v -> v.usesCache(cache)).count();
            Map<String, Long> counters;
            try {
                counters = cache.backend.counters();
            } catch (RuntimeException e) {
                counters = Map.of();
            }
            infos.add(new CacheInfo(cache.debugId, cache.name, cache.state().name(), cache.priority,
                    cache.granuleSize, cache.backend.capacity(), cache.backend.usage(), volumeCount,
                    cache.openObjects(), cache.accesses(), counters));
        }
        Map<String, Held> withdrawn;
        synchronized (caches) {
            withdrawn = new LinkedHashMap<>(held);
        }
        withdrawn.forEach((name, h) -> infos.add(new CacheInfo(0, name, "WITHDRAWN", h.priority,
                h.backend.granuleSize(), h.backend.capacity(), h.backend.usage(), 0, 0, 0, Map.of())));
        return infos;
    }

    @Override
    public List<VolumeInfo> volumes() {
        return volumes.values().stream().map(VolumeImpl::info)
                .sorted((a, b) -> Integer.compare(a.debugId(), b.debugId())).toList();
    }

    @Override
    public List<CookieInfo> cookies() {
        return volumes.values().stream().flatMap(v -> v.cookies().stream()).map(CookieImpl::info)
                .sorted((a, b) -> Long.compare(a.debugId(), b.debugId())).toList();
    }

    @Override
    public FsCacheStats stats() {
        return stats.snapshot();
    }

    @Override
    public void resetStats() {
        stats.reset();
    }

    @Override
    public int cull(String cacheName) {
        for (RegisteredCache cache : caches) {
            if (cache.isActive() && cache.name.equals(cacheName)) {
                int culled = cache.backend.cull();
                LOG.log(Level.INFO, "Cache " + cacheName + ": culled " + culled + " object(s) on request");
                return culled;
            }
        }
        throw new IllegalArgumentException("no live cache is named '" + cacheName + "'");
    }

    /** Backing objects open now, across all caches (never more than the configured maximum). */
    public int openObjects() {
        return limiter.inUse();
    }

    /**
     * Withdraws every cache and stops the worker threads. Volumes and cookies still acquired become
     * uncached; acquiring new ones fails.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (RegisteredCache cache : List.copyOf(caches)) {
            withdraw(cache, true);
        }
        timer.shutdownNow();
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- shared with cookies and volumes ----

    FsCacheSettings settings() {
        return settings;
    }

    Stats counters() {
        return stats;
    }

    CookieLru lru() {
        return lru;
    }

    OpenObjectLimiter limiter() {
        return limiter;
    }

    /** The worker pool; a task that throws is logged and the thread goes on. */
    Executor worker() {
        return this::execute;
    }

    private void execute(Runnable task) {
        worker.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "fscache worker task failed", e);
            }
        });
    }

    long nextCookieId() {
        return nextCookieId.getAndIncrement();
    }

    private void expireLru() {
        try {
            for (CookieImpl cookie : lru.pollExpired(System.nanoTime())) {
                cookie.lruExpire();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "LRU expiry failed", e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the FS-Cache service has been shut down");
        }
    }

    /** A cache withdrawn at runtime, kept with its priority for its restoration. */
    private record Held(CacheBackend backend, int priority) {
    }
}
