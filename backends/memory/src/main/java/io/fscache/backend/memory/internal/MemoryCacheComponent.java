package io.fscache.backend.memory.internal;

import io.fscache.api.ByteSize;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.spi.CacheBackend;
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
 * One memory cache per factory configuration of PID {@code io.fscache.backend.memory}.
 *
 * <p>The component builds the cache first and registers it as a {@link CacheBackend} service only
 * once that succeeded: a configuration that does not validate fails activation with a message
 * saying which property is wrong, and the core never sees a service that cannot be obtained.
 * Deactivation unregisters the service first, which makes the core withdraw the cache (waiting for
 * I/O in flight), and only then frees the memory.
 */
@Component(service = {}, configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = "io.fscache.backend.memory", immediate = true)
@Designate(ocd = MemoryCacheConfiguration.class, factory = true)
public final class MemoryCacheComponent {

    private final MemoryCache cache;
    private final ServiceRegistration<CacheBackend> registration;

    /** Creates the cache from its configuration and registers it. */
    @Activate
    public MemoryCacheComponent(MemoryCacheConfiguration config, BundleContext context) {
        this.cache = create(config);
        this.registration = context.registerService(CacheBackend.class, cache,
                FrameworkUtil.asDictionary(Map.of("fscache.cache.name", cache.name())));
    }

    @Deactivate
    private void deactivate() {
        registration.unregister();
        cache.withdraw();
    }

    /** The cache a configuration describes; throws {@link IllegalArgumentException} naming what is wrong. */
    static MemoryCache create(MemoryCacheConfiguration config) {
        return new MemoryCache(config.name(), ByteSize.parse(config.size(), "size"), config.granule());
    }

}
