package io.fscache.backend.cachefiles.internal;

import io.fscache.api.ByteSize;
import io.fscache.backend.cachefiles.CachefilesCache;
import io.fscache.backend.cachefiles.CachefilesSettings;
import io.fscache.backend.cachefiles.DirectoryCheck;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheProperties;
import io.fscache.spi.ConfigurationValues;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
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
 * <p>The configuration's keys are those of {@link CachefilesBackendConfiguration} ({@code size} is the
 * byte budget, as for every backend); the old names {@code sizeLimit}, {@code maxObjects},
 * {@code ioThreads}, {@code failReads}, {@code failWrites} and {@code failMetadataWrites} are accepted
 * with a warning naming the new key; any other key fails activation naming the nearest known key.
 *
 * <p>The component opens the cache first and registers it as a {@link CacheBackend} service only
 * once that succeeded: a configuration that does not validate fails activation with an
 * {@link IllegalArgumentException} naming the bad property, a directory in use by another instance
 * with an {@link IllegalStateException}, and the core never sees a service that cannot be obtained.
 * Deactivation unregisters the service first, which makes the core withdraw the cache (committing
 * and closing every object), and only then releases the directory.
 */
@Component(service = {}, configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = CachefilesBackend.PID, immediate = true)
@Designate(ocd = CachefilesBackendConfiguration.class, factory = true)
public final class CachefilesBackend {

    static final String PID = "io.fscache.backend.cachefiles";
    private static final Set<String> KEYS = CacheProperties.keysOf(CachefilesBackendConfiguration.class);
    private static final Map<String, String> ALIASES = Map.of("sizeLimit", CacheProperties.SIZE,
            "maxObjects", "max.objects", "ioThreads", "io.threads", "failReads", "fail.reads", "failWrites", "fail.writes",
            "failMetadataWrites", "fail.metadata.writes");

    private final CachefilesCache cache;
    private final ServiceRegistration<CacheBackend> registration;

    /** Opens the cache from its configuration and registers it. */
    @Activate
    public CachefilesBackend(Map<String, Object> properties, BundleContext context) throws IOException {
        CachefilesBackendConfiguration config = configuration(properties);
        this.cache = new CachefilesCache(settings(config));
        this.registration = context.registerService(CacheBackend.class, cache,
                FrameworkUtil.asDictionary(Map.of(CacheProperties.SERVICE_NAME, cache.name(),
                        CacheProperties.SERVICE_PRIORITY, config.priority())));
    }

    @Deactivate
    private void deactivate() {
        registration.unregister();
        cache.withdraw();
    }

    /** The cache a configuration describes, opened; throws naming what is wrong. */
    static CachefilesCache open(Map<String, ?> properties) throws IOException {
        return new CachefilesCache(settings(configuration(properties)));
    }

    /** Holds a configuration to the rules {@link #open} does, creating and opening nothing. */
    static void check(Map<String, ?> properties) {
        CachefilesSettings settings = settings(configuration(properties));
        DirectoryCheck.check(settings.directory(), settings.sizeLimit());
    }

    /**
     * The configuration with its keys checked and old keys renamed: read through this view, not
     * as DS converts the raw properties, which knows nothing of the aliases.
     */
    private static CachefilesBackendConfiguration configuration(Map<String, ?> properties) {
        return ConfigurationValues.of(CachefilesBackendConfiguration.class, CacheProperties.check(PID, properties, KEYS, ALIASES));
    }

    /** Validated settings from a configuration. */
    private static CachefilesSettings settings(CachefilesBackendConfiguration config) {
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
                .granule(CacheProperties.granule(config.granule()))
                .spaceThresholds(config.brun(), config.bcull(), config.bstop())
                .objectThresholds(config.frun(), config.fcull(), config.fstop())
                .maxObjects(config.max_objects())
                .sizeLimit(ByteSize.parse(config.size(), CacheProperties.SIZE))
                .ioThreads(config.io_threads())
                .injectFaults(config.fail_reads(), config.fail_writes(), config.fail_metadata_writes())
                .build();
    }

}
