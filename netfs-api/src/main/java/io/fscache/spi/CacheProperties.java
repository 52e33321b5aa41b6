package io.fscache.spi;

import io.fscache.api.NearestName;
import java.lang.System.Logger.Level;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration vocabulary every cache backend shares, and the check that holds each backend's
 * configuration to its own keys: one spelling of each property for every backend, and a property
 * no backend knows is an error, never silently ignored.
 *
 * <p>Shared keys: {@value #NAME} (the cache's name), {@value #SIZE} (the cache's byte budget, a
 * {@link io.fscache.api.ByteSize} such as {@code 64m}), {@value #GRANULE} (the unit of storage
 * in bytes) and {@value #PRIORITY} (an integer, default 0: a volume that names no cache uses the
 * live cache with the highest priority, ties by name). A backend registers its cache as a
 * {@link CacheBackend} service with the properties {@value #SERVICE_NAME} and
 * {@value #SERVICE_PRIORITY} (an {@code Integer}).
 *
 * <p>Keys that the framework adds are not the backend's to judge and pass unchecked: those
 * beginning with {@code service.}, {@code component.}, {@code osgi.ds.}, {@code felix.fileinstall.}
 * or {@code org.apache.karaf.}, and Config Admin's private ones (beginning with {@code .} or
 * {@code :}).
 *
 * @since 1.2
 */
public final class CacheProperties {

    /** The cache's name, unique among live caches. */
    public static final String NAME = "name";
    /** The cache's byte budget: a {@link io.fscache.api.ByteSize}. */
    public static final String SIZE = "size";
    /** The unit of storage in bytes. */
    public static final String GRANULE = "granule";
    /** The cache's rank for volumes that name no cache: an integer, highest first, default 0. */
    public static final String PRIORITY = "priority";
    /** The service property holding a {@link CacheBackend} service's cache name. */
    public static final String SERVICE_NAME = "fscache.cache.name";
    /** The service property holding a {@link CacheBackend} service's {@link #PRIORITY}, an {@code Integer}. */
    public static final String SERVICE_PRIORITY = "fscache.cache.priority";

    private static final System.Logger LOG = System.getLogger(CacheProperties.class.getName());
    private static final String[] FRAMEWORK_PREFIXES = {"service.", "component.", "osgi.ds.", "felix.fileinstall.",
        "org.apache.karaf.", ".", ":"};

    private CacheProperties() {
    }

    /**
     * The property keys of a DS configuration annotation type, named as DS names them
     * ({@code promote_after_hits} is {@code promote.after.hits}).
     */
    public static Set<String> keysOf(Class<? extends Annotation> configurationType) {
        Set<String> keys = new TreeSet<>();
        for (Method method : configurationType.getDeclaredMethods()) {
            keys.add(method.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_'));
        }
        return keys;
    }

    /**
     * Checks a backend's configuration properties and renames old keys to their new ones.
     *
     * @param pid the configuration's factory PID, for messages
     * @param properties the properties as DS or Config Admin passes them
     * @param keys the keys the backend knows
     * @param aliases old key to new key: accepted for one release, each with a warning naming the new key
     * @return the properties with every alias renamed to its key
     * @throws IllegalArgumentException naming an unknown key and the nearest known one, or an old
     *         key set together with its new key
     */
    public static Map<String, Object> check(String pid, Map<String, ?> properties, Collection<String> keys,
            Map<String, String> aliases) {
        Map<String, Object> checked = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : properties.entrySet()) {
            String key = entry.getKey();
            if (keys.contains(key) || isFrameworkKey(key)) {
                checked.putIfAbsent(key, entry.getValue());
            } else if (aliases.containsKey(key)) {
                String current = aliases.get(key);
                if (properties.containsKey(current)) {
                    throw new IllegalArgumentException(pid + ": set " + current + " only; " + key
                            + " is its old name");
                }
                LOG.log(Level.WARNING, pid + ": property " + key + " is deprecated; use " + current);
                checked.put(current, entry.getValue());
            } else {
                String nearest = NearestName.of(key, keys).orElse(null);
                throw new IllegalArgumentException(pid + ": unknown property '" + key + "'; "
                        + (nearest != null ? "did you mean '" + nearest + "'?" : "the properties are " + new TreeSet<>(keys)));
            }
        }
        return checked;
    }

    private static boolean isFrameworkKey(String key) {
        for (String prefix : FRAMEWORK_PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
