package io.fscache.backend.cachefiles.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One on-disk cache instance: a factory configuration of PID {@code io.fscache.backend.cachefiles}. */
@ObjectClassDefinition(name = "FS-Cache on-disk cache (cachefiles)",
        description = "A persistent cache in a local directory. Each configuration is one cache.")
@interface CachefilesBackendConfiguration {

    @AttributeDefinition(name = "Name", description = "The cache's name, unique among caches: printable, no spaces.")
    String name() default "cachefiles";

    @AttributeDefinition(name = "Directory",
            description = "The cache's directory, created owner-only if absent. One cache instance per directory.")
    String directory() default "";

    @AttributeDefinition(name = "Granule",
            description = "The unit of storage: bytes with an optional k, m or g suffix, a power of two from 4k to 1g.")
    String granule() default "256k";

    @AttributeDefinition(name = "brun", description = "Free space (%) at which culling stops.")
    int brun() default 10;

    @AttributeDefinition(name = "bcull", description = "Free space (%) below which culling starts.")
    int bcull() default 7;

    @AttributeDefinition(name = "bstop", description = "Free space (%) below which nothing is written or created.")
    int bstop() default 3;

    @AttributeDefinition(name = "frun", description = "Free object slots (% of max.objects) at which culling stops.")
    int frun() default 10;

    @AttributeDefinition(name = "fcull", description = "Free object slots (%) below which culling starts.")
    int fcull() default 7;

    @AttributeDefinition(name = "fstop", description = "Free object slots (%) below which no object is created.")
    int fstop() default 3;

    @AttributeDefinition(name = "Maximum objects", description = "The object count the f* thresholds are percentages of. Formerly maxObjects.")
    long max_objects() default 1_000_000;

    @AttributeDefinition(name = "Size",
            description = "The cache's byte budget, an absolute bound on the bytes stored: bytes with an optional k, m, g "
                    + "or t suffix (powers of 1024); 0 for none (then the free-space thresholds bound it). No larger than "
                    + "the filesystem holding the directory. Formerly sizeLimit, still accepted with a warning.")
    String size() default "0";

    @AttributeDefinition(name = "I/O threads",
            description = "Threads of the cache's data I/O pool; 0 picks 2 to 8 by processor count. Formerly ioThreads.")
    int io_threads() default 0;

    @AttributeDefinition(name = "Fail reads", description = "Testing only: every data read fails with an I/O error. Formerly failReads.")
    boolean fail_reads() default false;

    @AttributeDefinition(name = "Fail writes", description = "Testing only: every data write fails with an I/O error. Formerly failWrites.")
    boolean fail_writes() default false;

    @AttributeDefinition(name = "Fail metadata writes",
            description = "Testing only: every metadata write fails with an I/O error. Formerly failMetadataWrites.")
    boolean fail_metadata_writes() default false;

    @AttributeDefinition(name = "Priority",
            description = "The cache's rank for mounts and volumes that name no cache: they use the live cache "
                    + "with the highest priority (ties: the first name in alphabetical order).")
    int priority() default 0;
}
