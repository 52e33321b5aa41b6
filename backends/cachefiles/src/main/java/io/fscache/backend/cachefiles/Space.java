package io.fscache.backend.cachefiles;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The cache's accounting against its thresholds: bytes stored (with the size limit enforced
 * atomically, so concurrent writers can never pass it), whether the culler must run, and whether
 * writes and creations must be refused.
 *
 * <p>Free space, in percent, is the smaller of the filesystem's free fraction (sampled at most every
 * {@value #SAMPLE_MILLIS} ms: a {@code statvfs} per write would be wasteful) and the size limit's
 * unused fraction (exact). Free object slots are a percentage of {@code maxObjects}.
 */
final class Space {

    private static final System.Logger LOG = System.getLogger(Space.class.getName());
    private static final long SAMPLE_MILLIS = 100;

    /** Free space and free object slots, in percent. */
    record Levels(double bytesFree, double objectsFree) {
    }

    private final CachefilesSettings settings;
    private final DiskSpace disk;
    private final LongSupplier objects;
    private final Runnable pressure;
    private final AtomicLong usage = new AtomicLong();
    private final AtomicLong sampledAt;
    private volatile double diskFree = 100;
    private volatile boolean diskUnreadable;

    /**
     * @param objects how many objects the cache holds
     * @param pressure wakes the culler
     */
    Space(CachefilesSettings settings, DiskSpace disk, LongSupplier objects, Runnable pressure) {
        this.settings = settings;
        this.disk = disk;
        this.objects = objects;
        this.pressure = pressure;
        this.sampledAt = new AtomicLong(System.nanoTime() - TimeUnit.DAYS.toNanos(1));
    }

    long usage() {
        return usage.get();
    }

    /**
     * Charges {@code bytes} for a write, unless free space is below {@code bstop} or the size limit
     * would be passed.
     */
    boolean reserve(long bytes) {
        refreshIfStale();
        if (diskFree < settings.bstop()) {
            pressure.run();
            return false;
        }
        long limit = settings.sizeLimit();
        if (limit == 0) {
            usage.addAndGet(bytes);
            return true;
        }
        long before;
        do {
            before = usage.get();
            if (before + bytes > limit || percent(limit - before, limit) < settings.bstop()) {
                pressure.run();
                return false;
            }
        } while (!usage.compareAndSet(before, before + bytes));
        if (percent(limit - before - bytes, limit) < settings.bcull()) {
            pressure.run();
        }
        return true;
    }

    /** Charges bytes found on disk: they are there whatever the limit says. */
    void charge(long bytes) {
        usage.addAndGet(bytes);
    }

    void release(long bytes) {
        usage.addAndGet(-bytes);
    }

    /** Forgets every charge: the cache has been withdrawn. */
    void clear() {
        usage.set(0);
    }

    /**
     * Whether a new object may be created now: the filesystem's free space at least {@code bstop},
     * free slots at least {@code fstop} and fewer than {@code maxObjects} objects. The size limit
     * does not refuse creations: an empty object stores no data bytes (its writes are what the
     * limit refuses).
     */
    boolean mayCreate() {
        refreshIfStale();
        long max = settings.maxObjects();
        long count = objects.getAsLong();
        boolean may = diskFree >= settings.bstop() && percent(max - count, max) >= settings.fstop() && count < max;
        if (!may) {
            pressure.run();
        }
        return may;
    }

    /** Samples the filesystem now and returns the levels. */
    Levels sample() {
        sampleDisk();
        return levels();
    }

    boolean needsCulling(Levels levels) {
        return levels.bytesFree() < settings.bcull() || levels.objectsFree() < settings.fcull();
    }

    boolean culledEnough(Levels levels) {
        return levels.bytesFree() >= settings.brun() && levels.objectsFree() >= settings.frun();
    }

    private Levels levels() {
        double bytesFree = diskFree;
        long limit = settings.sizeLimit();
        if (limit > 0) {
            bytesFree = Math.min(bytesFree, percent(limit - usage.get(), limit));
        }
        long max = settings.maxObjects();
        return new Levels(bytesFree, percent(max - objects.getAsLong(), max));
    }

    private void refreshIfStale() {
        long now = System.nanoTime();
        long last = sampledAt.get();
        if (now - last >= TimeUnit.MILLISECONDS.toNanos(SAMPLE_MILLIS) && sampledAt.compareAndSet(last, now)) {
            sampleDisk();
            if (needsCulling(levels())) {
                pressure.run();
            }
        }
    }

    private void sampleDisk() {
        sampledAt.set(System.nanoTime());
        try {
            long total = disk.total();
            diskFree = total <= 0 ? 0 : percent(disk.usable(), total);
            diskUnreadable = false;
        } catch (IOException e) {
            // Keep the last sample; a filesystem that cannot say how full it is will fail I/O soon.
            if (!diskUnreadable) {
                LOG.log(Level.WARNING, "Cache " + settings.name() + " cannot read its free space: " + e);
            }
            diskUnreadable = true;
        }
    }

    private static double percent(long part, long whole) {
        return part * 100.0 / whole;
    }
}
