package io.fscache.backend.memory.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One memory cache instance: a factory configuration of PID {@code io.fscache.backend.memory}. */
@ObjectClassDefinition(name = "FS-Cache memory cache",
        description = "An off-heap memory cache with a byte budget. Each configuration is one cache.")
@interface MemoryCacheConfiguration {

    @AttributeDefinition(name = "Name", description = "The cache's name, unique among caches: printable, no spaces.")
    String name() default "memory";

    @AttributeDefinition(name = "Size",
            description = "The byte budget: a number of bytes with an optional k, m, g or t suffix (powers of 1024), "
                    + "at most the JVM's direct memory (-XX:MaxDirectMemorySize, by default the maximum heap).")
    String size() default "256m";

    @AttributeDefinition(name = "Granule",
            description = "The unit of storage: bytes with an optional k, m or g suffix, a power of two from 4k to 1g.")
    String granule() default "256k";

    @AttributeDefinition(name = "Priority",
            description = "The cache's rank for mounts and volumes that name no cache: they use the live cache "
                    + "with the highest priority (ties: the first name in alphabetical order).")
    int priority() default 0;
}
