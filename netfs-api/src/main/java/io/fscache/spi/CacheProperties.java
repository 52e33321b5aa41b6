package io.fscache.spi;

import io.fscache.api.ByteSize;
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
 * <p>Shared keys: {@value #NAME} (the cache's name, see {@link #checkName}), {@value #SIZE} (the
 * cache's byte budget, a {@link io.fscache.api.ByteSize} such as {@code 64m}), {@value #GRANULE}
 * (the unit of storage, a {@code ByteSize} such as {@code 256k}, see {@link #checkGranule}) and
 * {@value #PRIORITY} (an integer, default 0: a volume that names no cache uses the live cache with
 * the highest priority, ties by name). A backend registers its cache as a {@link CacheBackend}
 * service with the properties {@value #SERVICE_NAME} and {@value #SERVICE_PRIORITY} (an
 * {@code Integer}). The core refuses a cache whose name or granule breaks the rules here.
 *
 * <p>Keys are dotted lower case, and values with units are suffixed strings: byte counts as
 * {@link io.fscache.api.ByteSize} ({@code 256k}), durations as {@link io.fscache.api.Durations}
 * ({@code 10s}). A renamed key stays accepted for one release as an alias, with a warning naming
 * the new key.
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
    /** The unit of storage: a {@link io.fscache.api.ByteSize}, see {@link #checkGranule}. */
    public static final String GRANULE = "granule";
    /** The cache's rank for volumes that name no cache: an integer, highest first, default 0. */
    public static final String PRIORITY = "priority";
    /** The service property holding a {@link CacheBackend} service's cache name. */
    public static final String SERVICE_NAME = "fscache.cache.name";
    /** The service property holding a {@link CacheBackend} service's {@link #PRIORITY}, an {@code Integer}. */
    public static final String SERVICE_PRIORITY = "fscache.cache.priority";

    /** The smallest granule: 4 KiB, a page. */
    public static final int MIN_GRANULE = 4096;
    /** The largest granule: 1 GiB. */
    public static final int MAX_GRANULE = 1 << 30;

    private static final System.Logger LOG = System.getLogger(CacheProperties.class.getName());
    private static final String[] FRAMEWORK_PREFIXES = {"service.", "component.", "osgi.ds.", "felix.fileinstall.",
        "org.apache.karaf.", ".", ":"};

    private CacheProperties() {
    }

    /**
     * The cache-name rule: at least one character, all printable ASCII, no spaces (a name is typed
     * in commands and shown in listings).
     *
     * @return the name
     * @since 1.3
     * @throws IllegalArgumentException saying so, with the name
     */
    public static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("cache name must not be empty");
        }
        if (!name.chars().allMatch(c -> c > ' ' && c < 0x7F)) {
            throw new IllegalArgumentException("cache name must be printable ASCII without spaces, not \"" + name + "\"");
        }
        return name;
    }

    /**
     * The granule rule: a power of two from {@link #MIN_GRANULE} to {@link #MAX_GRANULE} bytes.
     *
     * @return the granule in bytes
     * @since 1.3
     * @throws IllegalArgumentException saying so, with the value
     */
    public static int checkGranule(long bytes) {
        if (bytes < MIN_GRANULE || bytes > MAX_GRANULE || Long.bitCount(bytes) != 1) {
            throw new IllegalArgumentException(GRANULE + " must be a power of two from 4k to 1g (" + MIN_GRANULE + " to "
                    + MAX_GRANULE + " bytes), not " + bytes);
        }
        return (int) bytes;
    }

    /**
     * A configuration's {@value #GRANULE}: a {@link io.fscache.api.ByteSize} text ({@code 256k}) or a
     * number of bytes, held to {@link #checkGranule}.
     *
     * @since 1.3
     * @throws IllegalArgumentException naming the property and the value
     */
    public static int granule(Object value) {
        long bytes = value instanceof Number number ? number.longValue()
                : ByteSize.parse(String.valueOf(value), GRANULE);
        return checkGranule(bytes);
    }

    /**
     * The property keys of a DS configuration annotation type, named as DS names them
     * ({@code promote_after_hits} is {@code promote.after.hits}).
     */
    public static Set<String> keysOf(Class<? extends Annotation> configurationType) {
        Set<String> keys = new TreeSet<>();
        for (Method method : configurationType.getDeclaredMethods()) {
            keys.add(keyOf(method));
        }
        return keys;
    }

    /** The property a configuration annotation's method reads, as DS names it. */
    static String keyOf(Method method) {
        return method.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    /**
     * Checks a backend's configuration properties and renames old keys to their new ones.
     *
     * @param pid the configuration's factory PID, for messages
     * @param properties the properties as DS or Config Admin passes them
     * @param keys the keys the backend knows
     * @param aliases old key to new key: accepted for one release, each with a warning naming the new key;
     *        an old key ending in {@code .ms} for a new one that does not holds milliseconds, and
     *        its value is passed on as a duration in {@code ms}
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
                boolean millis = key.endsWith(".ms") && !current.endsWith(".ms");
                checked.put(current, millis ? String.valueOf(entry.getValue()).trim() + "ms" : entry.getValue());
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
