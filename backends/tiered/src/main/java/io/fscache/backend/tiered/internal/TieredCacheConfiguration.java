package io.fscache.backend.tiered.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One tiered cache instance: a factory configuration of PID {@code io.fscache.backend.tiered}. */
@ObjectClassDefinition(name = "FS-Cache tiered cache",
        description = "A cache made of other caches, highest tier first. Each configuration is one cache.")
@interface TieredCacheConfiguration {

    @AttributeDefinition(name = "Name", description = "The cache's name, unique among caches: printable, no spaces.")
    String name() default "tiered";

    @AttributeDefinition(name = "Tiers",
            description = "Comma-separated names of at least two caches, highest (fastest) first, e.g. memory,disk.")
    String tiers();

    @AttributeDefinition(name = "Promote after hits",
            description = "Reads served by a lower tier within the window that promote a granule upward.")
    int promote_after_hits() default 1;

    @AttributeDefinition(name = "Promotion window",
            description = "How long lower-tier hits are counted together: a duration such as 60s or 500ms (a bare number "
                    + "is seconds). Formerly promote.window.ms, in milliseconds.")
    String promote_window() default "60s";

    @AttributeDefinition(name = "Priority",
            description = "The cache's rank for mounts and volumes that name no cache: they use the live cache "
                    + "with the highest priority (ties: the first name in alphabetical order).")
    int priority() default 0;
}
