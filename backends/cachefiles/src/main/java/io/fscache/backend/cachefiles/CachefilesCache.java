package io.fscache.backend.cachefiles;

import io.fscache.api.ByteSize;
import io.fscache.backend.support.Granules;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.IdleObjects;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The on-disk cache backend, the userspace counterpart of Linux cachefiles: one directory, a
 * sparse data file per cookie with a checksummed metadata side file holding its coherency data,
 * size and RoaringBitmap content map, culled in-process by recency.
 *
 * <p>Layout: {@code <dir>/lock} (held by one instance),
 * {@code <dir>/cache/<volume>/<fan-out>/<object>} and {@code <object>.meta} (named so that no key
 * can reach outside its directory), {@code <dir>/graveyard/} (emptied in the background),
 * {@code <dir>/tmp/} (generations not yet published). Crash safety: the content map on disk may
 * claim less than was written, never more (see the module README).
 *
 * <p>Data I/O runs on a small pool of the cache's own, which completes the stages. Space: see
 * {@link CachefilesSettings} for the thresholds; below {@code bstop} writes complete {@code false}
 * and creations throw {@code IOException("no space")}, both counted as {@code noSpace}, while reads
 * go on. After 16 I/O errors in a row the cache is out of service and refuses all work with
 * {@link IOException}s.
 *
 * <p>{@link #counters()}: {@code hits} (granules read), {@code misses} (granules {@code prepareRead}
 * sent to the server and reads that found data gone), {@code writes} (granules stored),
 * {@code bytes} (the usage), {@code objects} (objects in the cache, open or not), {@code open}
 * (objects opened by a lookup or creation and not yet closed or discarded), {@code culled}
 * (objects culled), {@code noSpace} (writes and creations refused for space), {@code ioErrors},
 * {@code state} (0 in service, 1 out of service, 2 withdrawn).
 *
 * <p>Thread-safe. Usable without OSGi: construct it, hand it to the core, {@link #withdraw()} it when
 * done (which releases the directory).
 */
public final class CachefilesCache implements CacheBackend {

    private static final System.Logger LOG = System.getLogger(CachefilesCache.class.getName());
    private static final int STRIPES = 64;
    private static final long SWEEP_MILLIS = 250;
    /** Marks the I/O pools' threads, which nothing interrupts. */
    private static final ThreadLocal<Boolean> IO_THREAD = ThreadLocal.withInitial(() -> false);

    private final CachefilesSettings settings;
    private final Health health;
    private final Granules granules;
    private final Stats stats = new Stats();
    private final RecencyIndex index = new RecencyIndex();
    private final Object[] stripes = new Object[STRIPES];
    private final Map<String, CachefilesVolume> volumes = new HashMap<>();
    private final Set<CachefilesObject> live = ConcurrentHashMap.newKeySet();
    private final Set<CachefilesObject> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean withdrawn = new AtomicBoolean();
    private final GatheringWriter writer = new GatheringWriter();
    private final CacheDirectory directory;
    private Graveyard graveyard;
    private Space space;
    private ExecutorService io;
    private ScheduledExecutorService sweeper;
    private volatile Culler culler;
    /** The core's idle objects of this cache and of caches built on it (tiered). */
    private final Set<IdleObjects> idle = new CopyOnWriteArraySet<>();

    /**
     * Opens (creating if needed) the cache directory, locks it, and loads what an earlier instance
     * left: the index is rebuilt from metadata files, untrustworthy files are discarded.
     *
     * @throws IllegalStateException if another cache instance uses the directory
     * @throws IOException if the directory cannot be created or read
     */
    public CachefilesCache(CachefilesSettings settings) throws IOException {
        this(settings, null);
    }

    /** With a simulated filesystem for the free-space thresholds (tests); {@code null} for the real one. */
    CachefilesCache(CachefilesSettings settings, DiskSpace disk) throws IOException {
        this.settings = settings;
        this.health = new Health(settings.name());
        this.granules = new Granules(settings.granule());
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
        this.directory = CacheDirectory.open(settings.directory());
        boolean started = false;
        try {
            graveyard = new Graveyard(directory.graveyard, threadName("graveyard"));
            DiskSpace filesystem = disk != null ? disk : DiskSpace.of(directory.root);
            checkFits(settings, filesystem, directory.root);
            space = new Space(settings, filesystem, index::size, this::wakeCuller);
            Loader.load(directory, graveyard, index, space, granules);
            ThreadFactory ioThreads = threads("io");
            io = Executors.newFixedThreadPool(settings.ioPoolSize(), task -> ioThreads.newThread(() -> {
                IO_THREAD.set(true);
                task.run();
            }));
            sweeper = Executors.newSingleThreadScheduledExecutor(threads("committer"));
            sweeper.scheduleWithFixedDelay(this::commitDue, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
            culler = new Culler(threadName("culler"), space, index, this::cull, this::closeIdle);
            started = true;
        } finally {
            if (!started) {
                shutdown();
            }
        }
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public int granuleSize() {
        return settings.granule();
    }

    /** The size limit, or {@code -1} without one: then the bound is the filesystem's free space. */
    @Override
    public long capacity() {
        return settings.sizeLimit() > 0 ? settings.sizeLimit() : -1;
    }

    /** Bytes of present granules, whole granules charged as such and a short tail in 4 KiB blocks. */
    @Override
    public long usage() {
        return space.usage();
    }

    @Override
    public BackendVolume openVolume(String volumeKey, byte[] coherency) throws IOException {
        health.check();
        synchronized (volumes) {
            CachefilesVolume open = volumes.get(volumeKey);
            if (open != null && open.hasCoherency(coherency)) {
                return open;
            }
            String dirName = ObjectNames.volume(volumeKey);
            Path dir = directory.cache.resolve(dirName);
            try {
                if (open != null || !matches(dir, volumeKey, coherency)) {
                    if (open != null) {
                        detachObjects(open);
                    }
                    discardDirectory(dirName, dir);
                    createVolume(dir, volumeKey, coherency);
                }
            } catch (IOException e) {
                health.failure(e);
                throw e;
            }
            CachefilesVolume volume = new CachefilesVolume(this, volumeKey, dirName, dir, coherency);
            volumes.put(volumeKey, volume);
            return volume;
        }
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("hits", stats.hits.sum());
        counters.put("misses", stats.misses.sum());
        counters.put("writes", stats.writes.sum());
        counters.put("bytes", usage());
        counters.put("objects", (long) index.size());
        counters.put("open", (long) live.size());
        counters.put("culled", stats.culled.sum());
        counters.put("noSpace", stats.noSpace.sum());
        counters.put("ioErrors", health.ioErrors());
        counters.put("state", (long) health.state().ordinal());
        return Collections.unmodifiableMap(counters);
    }

    /**
     * Culls now, on the caller's thread, if space or object slots are short: least recently used
     * closed objects go until free space reaches {@code brun} (and free slots {@code frun}).
     *
     * @return how many objects were culled
     */
    @Override
    public int cull() {
        Culler now = culler;
        return withdrawn.get() || now == null ? 0 : now.cullNow();
    }

    /**
     * The core's LRU: culling closes the objects it keeps open for nobody. Bound by the core for
     * this cache, and by each cache built on this one for its own objects; asked in turn.
     */
    @Override
    public void bindIdleObjects(IdleObjects objects) {
        idle.add(objects);
    }

    /**
     * Stops the cache's threads, closes what the core left open (without persisting: the disk is
     * consistent at every step) and releases the directory for another instance. Idempotent.
     */
    @Override
    public void withdraw() {
        if (withdrawn.compareAndSet(false, true)) {
            health.withdrawn();
            shutdown();
        }
    }

    @Override
    public String toString() {
        return "CachefilesCache[" + settings.name() + ", " + directory.root + ", granule " + settings.granule() + "]";
    }

    // ---------------------------------------------------------------- for volumes and objects

    CachefilesSettings settings() {
        return settings;
    }

    Granules granules() {
        return granules;
    }

    Health health() {
        return health;
    }

    Stats stats() {
        return stats;
    }

    /** Writes the data files' granules in runs of up to 1 MiB. */
    GatheringWriter writer() {
        return writer;
    }

    Space space() {
        return space;
    }

    RecencyIndex index() {
        return index;
    }

    CacheDirectory directory() {
        return directory;
    }

    Graveyard graveyard() {
        return graveyard;
    }

    Executor io() {
        return io;
    }

    boolean isWithdrawn() {
        return withdrawn.get();
    }

    /** Whether the current thread is an I/O pool thread of some cachefiles cache. */
    static boolean isIoThread() {
        return IO_THREAD.get();
    }

    /** The lock that serializes lookup, creation, publication, discarding and culling of one object. */
    Object stripe(RecencyIndex.Id id) {
        int h = id.hashCode();
        return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }

    void opened(CachefilesObject object) {
        live.add(object);
    }

    void closed(CachefilesObject object) {
        live.remove(object);
        dirty.remove(object);
    }

    /** The object has unpersisted changes: the periodic sweep persists it once they are a second old. */
    void dirtied(CachefilesObject object) {
        if (!dirty.contains(object)) {
            dirty.add(object);
        }
    }

    /** The object's changes are being persisted (or will never be). */
    void clean(CachefilesObject object) {
        dirty.remove(object);
    }

    void volumeClosed(CachefilesVolume volume) {
        synchronized (volumes) {
            volumes.remove(volume.key(), volume);
        }
    }

    void discardVolume(CachefilesVolume volume) {
        if (isWithdrawn()) {
            return; // the directory may already belong to another instance
        }
        synchronized (volumes) {
            volumes.remove(volume.key(), volume);
            try {
                detachObjects(volume);
                discardDirectory(volume.dirName(), volume.dir());
            } catch (IOException e) {
                health.failure(e);
                LOG.log(Level.WARNING, "Cache " + name() + " could not discard volume " + volume.key() + ": " + e);
            }
        }
    }

    // ---------------------------------------------------------------- internals

    private static boolean matches(Path dir, String volumeKey, byte[] coherency) throws IOException {
        try {
            MetadataCodec.VolumeMetadata found = MetadataCodec.decodeVolume(MetadataCodec.read(dir.resolve(Loader.VOLUME_FILE)));
            return found.key().equals(volumeKey) && Arrays.equals(found.coherency(), coherency);
        } catch (NoSuchFileException | CorruptMetadataException e) {
            return false;
        }
    }

    private void createVolume(Path dir, String volumeKey, byte[] coherency) throws IOException {
        CacheDirectory.createDirectories(dir);
        Path temp = directory.writeTemp(MetadataCodec.encodeVolume(volumeKey, coherency));
        CacheDirectory.moveAtomically(temp, dir.resolve(Loader.VOLUME_FILE));
        CacheDirectory.sync(dir);
    }

    /** Detaches the open objects of a volume whose directory is about to go. */
    private void detachObjects(CachefilesVolume volume) throws IOException {
        for (CachefilesObject object : live) {
            if (object.volume() == volume) {
                object.detach(false);
            }
        }
    }

    /** Moves a volume directory to the graveyard and forgets its objects. Caller holds the volumes lock. */
    private void discardDirectory(String dirName, Path dir) throws IOException {
        List<RecencyIndex.Entry> removed = index.removeVolume(dirName);
        for (RecencyIndex.Entry entry : removed) {
            if (!entry.open) {
                space.release(entry.bytes);
            }
        }
        graveyard.bury(dir);
    }

    /** The culler's eviction: one closed object goes, its files deleted at once so the space returns. */
    private boolean cull(RecencyIndex.Entry entry) {
        List<Path> graves;
        synchronized (stripe(entry.id)) {
            if (entry.open || !index.remove(entry)) {
                return false;
            }
            space.release(entry.bytes);
            try {
                graves = ObjectFiles.of(directory.cache, entry.id).bury(graveyard);
            } catch (IOException e) {
                // Out of the index anyway: a later lookup finds consistent files or discards them.
                health.failure(e);
                return false;
            }
        }
        stats.culled.increment();
        for (Path grave : graves) {
            try {
                Graveyard.delete(grave);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "Culled file " + grave + " left for the graveyard's thread: " + e);
            }
        }
        return true;
    }

    /** Asks the core to close its least recently used idle object of this cache, so it can be culled. */
    private boolean closeIdle() {
        if (withdrawn.get()) {
            return false;
        }
        for (IdleObjects objects : idle) {
            if (objects.closeOldest()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Culls on the caller's thread so that a write or creation refused for space can try again;
     * objects nobody uses are closed and culled too.
     */
    boolean makeRoom() {
        Culler now = culler;
        return !withdrawn.get() && now != null && now.makeRoom();
    }

    private void commitDue() {
        long now = System.nanoTime();
        for (CachefilesObject object : dirty) {
            if (object.commitDue(now)) {
                object.commitSoon();
            }
        }
    }

    private void wakeCuller() {
        Culler now = culler;
        if (now != null) {
            now.wake();
        }
    }

    /** Stops everything started; safe on a half-built instance. */
    private void shutdown() {
        if (culler != null) {
            culler.close();
        }
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        if (io != null) {
            io.shutdown();
            try {
                if (!io.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOG.log(Level.WARNING, "Cache " + name() + ": I/O still running after 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (CachefilesObject object : live) {
            object.abandon();
        }
        live.clear();
        dirty.clear();
        if (graveyard != null) {
            graveyard.close();
        }
        if (space != null) {
            space.clear();
        }
        try {
            directory.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cache " + name() + ": releasing " + directory.root + " failed: " + e);
        }
    }

    /** A size limit the filesystem could never hold is a configuration error, not a bound. */
    private static void checkFits(CachefilesSettings settings, DiskSpace disk, Path root) throws IOException {
        long total = disk.total();
        if (settings.sizeLimit() > total) {
            throw new IllegalArgumentException("size " + ByteSize.format(settings.sizeLimit())
                    + " is larger than the filesystem holding " + root + " (" + ByteSize.format(total) + ")");
        }
    }

    private String threadName(String role) {
        return "cachefiles-" + settings.name() + "-" + role;
    }

    private ThreadFactory threads(String role) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, threadName(role) + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
