package io.fscache.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The core's configuration, PID {@code io.fscache.core}. */
@ObjectClassDefinition(name = "FS-Cache core", description = "The FS-Cache service: cookie LRU, open-object cap and worker pool.")
@interface FsCacheConfiguration {

    @AttributeDefinition(name = "LRU timeout",
            description = "How long an unused cookie keeps its backing object open before it is committed and closed: "
                    + "a duration such as 10s or 500ms (a bare number is seconds). Formerly lru.timeout.ms, in milliseconds.")
    String lru_timeout() default "10s";

    @AttributeDefinition(name = "Maximum open objects",
            description = "The most backing objects open at once across all caches.")
    int max_open_objects() default 1024;

    @AttributeDefinition(name = "Worker threads",
            description = "Threads that run cookie state machines; 0 picks two to four by processor count.")
    int workers() default 0;

    @AttributeDefinition(name = "Error limit",
            description = "Consecutive I/O errors after which a cache is taken out of service.")
    int error_limit() default 16;
}
