package io.fscache.backend.memory.internal;

import io.fscache.api.ByteSize;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheProperties;
import io.fscache.spi.ConfigurationValues;
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
 * One memory cache per factory configuration of PID {@code io.fscache.backend.memory}.
 *
 * <p>The configuration's keys are those of {@link MemoryCacheConfiguration}; any other key fails
 * activation naming the nearest known key. A {@code size} above the JVM's direct-memory limit fails
 * activation naming the limit.
 *
 * <p>The component builds the cache first and registers it as a {@link CacheBackend} service only
 * once that succeeded: a configuration that does not validate fails activation with a message
 * saying which property is wrong, and the core never sees a service that cannot be obtained.
 * Deactivation unregisters the service first, which makes the core withdraw the cache (waiting for
 * I/O in flight), and only then frees the memory.
 */
@Component(service = {}, configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = MemoryCacheComponent.PID, immediate = true)
@Designate(ocd = MemoryCacheConfiguration.class, factory = true)
public final class MemoryCacheComponent {

    static final String PID = "io.fscache.backend.memory";
    private static final Set<String> KEYS = CacheProperties.keysOf(MemoryCacheConfiguration.class);

    private final MemoryCache cache;
    private final ServiceRegistration<CacheBackend> registration;

    /** Creates the cache from its configuration and registers it. */
    @Activate
    public MemoryCacheComponent(MemoryCacheConfiguration config, Map<String, Object> properties, BundleContext context) {
        this.cache = create(config, properties);
        this.registration = context.registerService(CacheBackend.class, cache,
                FrameworkUtil.asDictionary(Map.of(CacheProperties.SERVICE_NAME, cache.name(),
                        CacheProperties.SERVICE_PRIORITY, config.priority())));
    }

    @Deactivate
    private void deactivate() {
        registration.unregister();
        cache.withdraw();
    }

    /** The cache a configuration describes; throws {@link IllegalArgumentException} naming what is wrong. */
    static MemoryCache create(MemoryCacheConfiguration config, Map<String, Object> properties) {
        CacheProperties.check(PID, properties, KEYS, Map.of());
        return new MemoryCache(config.name(), size(config), CacheProperties.granule(config.granule()));
    }

    /** Holds a configuration to the rules {@link #create} does, building nothing. */
    static void check(Map<String, ?> properties) {
        MemoryCacheConfiguration config = ConfigurationValues.of(MemoryCacheConfiguration.class,
                CacheProperties.check(PID, properties, KEYS, Map.of()));
        MemoryCache.checkArguments(config.name(), size(config), CacheProperties.granule(config.granule()));
    }

    private static long size(MemoryCacheConfiguration config) {
        return ByteSize.parse(config.size(), CacheProperties.SIZE);
    }

}
