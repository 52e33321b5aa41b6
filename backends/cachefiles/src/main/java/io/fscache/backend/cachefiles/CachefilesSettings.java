package io.fscache.backend.cachefiles;

import io.fscache.spi.CacheProperties;
import java.nio.file.Path;

/**
 * The configuration of one {@link CachefilesCache}. The constructor validates every value and
 * throws {@link IllegalArgumentException} with a message naming the bad property (the names are
 * those of the OSGi configuration), so a bad configuration never starts a cache.
 *
 * <p>The culling thresholds follow cachefilesd: each triple is a percentage of free space (or of
 * free object slots) with {@code 100 > run > cull > stop >= 0}. Culling starts when free space falls
 * below {@code bcull} (or free slots below {@code fcull}) and goes on until free space is at least
 * {@code brun} (and free slots at least {@code frun}); below {@code bstop} no data is written and no
 * object is created, below {@code fstop} no object is created. Free space is the smaller of the
 * filesystem's free fraction and, with a size limit, the limit's unused fraction.
 *
 * @param name the cache's name: see {@link CacheProperties#checkName}
 * @param directory the cache's directory, created owner-only if absent
 * @param granule the unit of storage in bytes: see {@link CacheProperties#checkGranule}
 * @param brun free space (%) at which culling stops
 * @param bcull free space (%) below which culling starts
 * @param bstop free space (%) below which writes and creations are refused
 * @param frun free object slots (% of {@code max.objects}) at which culling stops
 * @param fcull free object slots (%) below which culling starts
 * @param fstop free object slots (%) below which creations are refused
 * @param maxObjects the number of objects the {@code f*} thresholds are percentages of
 * @param sizeLimit an absolute bound on {@link CachefilesCache#usage()} in bytes, 0 for none (the
 *        configuration's {@code size}); no larger than the filesystem holding the directory
 * @param ioThreads threads of the cache's data I/O pool; 0 picks 2 to 8 by processor count
 * @param failReads error injection: every data read fails with an {@link java.io.IOException}
 * @param failWrites error injection: every data write fails with an {@link java.io.IOException}
 * @param failMetadataWrites error injection: every metadata write fails with an {@link java.io.IOException}
 */
public record CachefilesSettings(String name, Path directory, int granule,
        int brun, int bcull, int bstop, int frun, int fcull, int fstop,
        long maxObjects, long sizeLimit, int ioThreads,
        boolean failReads, boolean failWrites, boolean failMetadataWrites) {

    public static final int DEFAULT_GRANULE = 262144;
    public static final int DEFAULT_RUN = 10;
    public static final int DEFAULT_CULL = 7;
    public static final int DEFAULT_STOP = 3;
    public static final long DEFAULT_MAX_OBJECTS = 1_000_000;

    private static final int MAX_IO_THREADS = 64;

    /** Validates the settings; see the class documentation. */
    public CachefilesSettings {
        CacheProperties.checkName(name);
        if (directory == null || directory.toString().isEmpty()) {
            throw new IllegalArgumentException("directory must be set");
        }
        CacheProperties.checkGranule(granule);
        checkThresholds('b', brun, bcull, bstop);
        checkThresholds('f', frun, fcull, fstop);
        if (maxObjects <= 0) {
            throw new IllegalArgumentException("max.objects must be positive, not " + maxObjects);
        }
        if (sizeLimit != 0 && sizeLimit < granule) {
            throw new IllegalArgumentException("size must be 0 (none) or at least one granule (" + granule
                    + " bytes), not " + sizeLimit);
        }
        if (ioThreads < 0 || ioThreads > MAX_IO_THREADS) {
            throw new IllegalArgumentException("io.threads must be 0 (by processor count) to " + MAX_IO_THREADS
                    + ", not " + ioThreads);
        }
    }

    /** Threads of the data I/O pool: {@code ioThreads}, or 2 to 8 by processor count if 0. */
    public int ioPoolSize() {
        return ioThreads > 0 ? ioThreads : Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    /** Settings with every default: granule 256 KiB, thresholds 10/7/3, a million objects, no size limit, no faults. */
    public static Builder builder(String name, Path directory) {
        return new Builder(name, directory);
    }

    private static void checkThresholds(char kind, int run, int cull, int stop) {
        if (stop < 0) {
            throw new IllegalArgumentException(kind + "stop must be at least 0, not " + stop);
        }
        if (cull <= stop) {
            throw new IllegalArgumentException(kind + "cull (" + cull + ") must be greater than " + kind + "stop (" + stop + ")");
        }
        if (run <= cull) {
            throw new IllegalArgumentException(kind + "run (" + run + ") must be greater than " + kind + "cull (" + cull + ")");
        }
        if (run >= 100) {
            throw new IllegalArgumentException(kind + "run must be less than 100, not " + run);
        }
    }

    /** Builds {@link CachefilesSettings}, starting from the defaults. Not thread-safe. */
    public static final class Builder {

        private final String name;
        private final Path directory;
        private int granule = DEFAULT_GRANULE;
        private int brun = DEFAULT_RUN;
        private int bcull = DEFAULT_CULL;
        private int bstop = DEFAULT_STOP;
        private int frun = DEFAULT_RUN;
        private int fcull = DEFAULT_CULL;
        private int fstop = DEFAULT_STOP;
        private long maxObjects = DEFAULT_MAX_OBJECTS;
        private long sizeLimit;
        private int ioThreads;
        private boolean failReads;
        private boolean failWrites;
        private boolean failMetadataWrites;

        private Builder(String name, Path directory) {
            this.name = name;
            this.directory = directory;
        }

        public Builder granule(int bytes) {
            this.granule = bytes;
            return this;
        }

        /** The free-space thresholds in percent. */
        public Builder spaceThresholds(int run, int cull, int stop) {
            this.brun = run;
            this.bcull = cull;
            this.bstop = stop;
            return this;
        }

        /** The object-count thresholds in percent of {@code maxObjects}. */
        public Builder objectThresholds(int run, int cull, int stop) {
            this.frun = run;
            this.fcull = cull;
            this.fstop = stop;
            return this;
        }

        public Builder maxObjects(long count) {
            this.maxObjects = count;
            return this;
        }

        /** An absolute bound on the bytes stored, 0 for none. */
        public Builder sizeLimit(long bytes) {
            this.sizeLimit = bytes;
            return this;
        }

        /** Threads of the data I/O pool; 0 picks 2 to 8 by processor count. */
        public Builder ioThreads(int count) {
            this.ioThreads = count;
            return this;
        }

        /** Error injection, for testing how the core copes with a failing disk. */
        public Builder injectFaults(boolean reads, boolean writes, boolean metadataWrites) {
            this.failReads = reads;
            this.failWrites = writes;
            this.failMetadataWrites = metadataWrites;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid property */
        public CachefilesSettings build() {
            return new CachefilesSettings(name, directory, granule, brun, bcull, bstop, frun, fcull, fstop,
                    maxObjects, sizeLimit, ioThreads, failReads, failWrites, failMetadataWrites);
        }
    }
}
