package io.fscache.backend.cachefiles.internal;

import io.fscache.api.ByteSize;
import io.fscache.backend.cachefiles.CachefilesCache;
import io.fscache.backend.cachefiles.CachefilesSettings;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheProperties;
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
 * byte budget, as for every backend); {@code sizeLimit} is accepted as the old name of {@code size}
 * with a warning; any other key fails activation naming the nearest known key.
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
    private static final Map<String, String> ALIASES = Map.of("sizeLimit", CacheProperties.SIZE);

    private final CachefilesCache cache;
    private final ServiceRegistration<CacheBackend> registration;

    /** Opens the cache from its configuration and registers it. */
    @Activate
    public CachefilesBackend(CachefilesBackendConfiguration config, Map<String, Object> properties,
            BundleContext context) throws IOException {
        this.cache = open(config, properties);
        this.registration = context.registerService(CacheBackend.class, cache,
                FrameworkUtil.asDictionary(Map.of(CacheProperties.SERVICE_NAME, cache.name(),
                        CacheProperties.SERVICE_PRIORITY, config.priority())));
    }

    @Deactivate
    private void deactivate() {
        registration.unregister();
        cache.withdraw();
    }

    /**
     * The cache a configuration describes, opened; throws naming what is wrong.
     *
     * @param properties the configuration's properties as DS passes them, for the check of their keys
     */
    static CachefilesCache open(CachefilesBackendConfiguration config, Map<String, Object> properties) throws IOException {
        return new CachefilesCache(settings(config, properties));
    }

    /** Validated settings from a configuration. */
    static CachefilesSettings settings(CachefilesBackendConfiguration config, Map<String, Object> properties) {
        Map<String, Object> checked = CacheProperties.check(PID, properties, KEYS, ALIASES);
        Object size = checked.getOrDefault(CacheProperties.SIZE, config.size());
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
                .sizeLimit(ByteSize.parse(String.valueOf(size), CacheProperties.SIZE))
                .ioThreads(config.ioThreads())
                .injectFaults(config.failReads(), config.failWrites(), config.failMetadataWrites())
                .build();
    }

}
