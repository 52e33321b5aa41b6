package io.fscache.spi;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The configuration rules of one type of cache, so that a tool (the shell's
 * {@code fscache:cache-add}) can refuse a bad configuration before it writes it, with the reason the
 * backend would give at activation, instead of writing it and waiting for the activation to fail.
 *
 * <p>Each backend bundle registers one as an OSGi service with the property {@value #SERVICE_TYPE}
 * (its type as the shell names it: {@code memory}, {@code cachefiles}, {@code tiered}). The rules
 * are those the backend's component activates with: a configuration they accept may still fail to
 * start for reasons only a start can find (a directory another cache holds).
 *
 * <p>Thread-safe; {@link #check} does no I/O beyond looking at the local system (a memory limit).
 *
 * @since 1.3
 */
@ConsumerType
public interface CacheConfigurationRules {

    /** The service property naming the type of cache the rules are for. */
    String SERVICE_TYPE = "fscache.cache.type";

    /**
     * Checks a configuration as it would be written.
     *
     * @param properties the configuration's properties, values as strings or numbers
     * @throws IllegalArgumentException with a one-line reason naming the property that is wrong
     */
    void check(Map<String, ?> properties);
}
