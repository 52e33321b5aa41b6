package io.fscache.backend.cachefiles.internal;

import io.fscache.backend.cachefiles.CachefilesCache;
import io.fscache.backend.cachefiles.CachefilesSettings;
import io.fscache.spi.CacheBackend;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One {@link CachefilesCache} per factory configuration of PID {@code io.fscache.backend.cachefiles}.
 *
 * <p>The component opens the cache first and registers it as a {@link CacheBackend} service only
 * once that succeeded: a configuration that does not validate fails activation with an
 * {@link IllegalArgumentException} naming the bad property, a directory in use by another instance
 * with an {@link IllegalStateException}, and the core never sees a service that cannot be obtained.
 * Deactivation unregisters the service first, which makes the core withdraw the cache (committing
 * and closing every object), and only then releases the directory.
 */
@Component(service = {}, configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = "io.fscache.backend.cachefiles", immediate = true)
@Designate(ocd = CachefilesBackendConfiguration.class, factory = true)
public final class CachefilesBackend {

    private final CachefilesCache cache;
    private final ServiceRegistration<CacheBackend> registration;

    /** Opens the cache from its configuration and registers it. */
    @Activate
    public CachefilesBackend(CachefilesBackendConfiguration config, BundleContext context) throws IOException {
        this.cache = open(config);
        this.registration = context.registerService(CacheBackend.class, cache,
                FrameworkUtil.asDictionary(Map.of("fscache.cache.name", cache.name())));
    }

    @Deactivate
    private void deactivate() {
        registration.unregister();
        cache.withdraw();
    }

    /** The cache a configuration describes, opened; throws naming what is wrong. */
    static CachefilesCache open(CachefilesBackendConfiguration config) throws IOException {
        return new CachefilesCache(settings(config));
    }

    /** Validated settings from a configuration. */
    static CachefilesSettings settings(CachefilesBackendConfiguration config) {
        String directory = config.directory() == null ? "" : config.directory().trim();
        if (directory.isEmpty()) {
            throw new IllegalArgumentException("directory must be set");
        }
        Path path;
        try {
            path = Path.of(directory);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("directory is not a valid path: \"" + directory + "\"", e);
        }
        return CachefilesSettings.builder(config.name(), path)
                .granule(config.granule())
                .spaceThresholds(config.brun(), config.bcull(), config.bstop())
                .objectThresholds(config.frun(), config.fcull(), config.fstop())
                .maxObjects(config.maxObjects())
                .sizeLimit(parseSize(config.sizeLimit()))
                .injectFaults(config.failReads(), config.failWrites(), config.failMetadataWrites())
                .build();
    }

    /** Parses a byte count with an optional {@code k}, {@code m}, {@code g} or {@code t} suffix (powers of 1024). */
    static long parseSize(String size) {
        String text = size == null ? "" : size.trim().toLowerCase(Locale.ROOT);
        int shift = 0;
        if (!text.isEmpty()) {
            shift = switch (text.charAt(text.length() - 1)) {
                case 'k' -> 10;
                case 'm' -> 20;
                case 'g' -> 30;
                case 't' -> 40;
                default -> 0;
            };
        }
        String digits = shift == 0 ? text : text.substring(0, text.length() - 1).trim();
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw badSize(size);
        }
        long value = Long.parseLong(digits);
        if (value > Long.MAX_VALUE >> shift) {
            throw badSize(size);
        }
        return value << shift;
    }

    private static IllegalArgumentException badSize(String size) {
        return new IllegalArgumentException(
                "sizeLimit must be a number of bytes with an optional k, m, g or t suffix, not \"" + size + "\"");
    }
}
