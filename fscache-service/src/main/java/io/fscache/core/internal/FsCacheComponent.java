package io.fscache.core.internal;

import io.fscache.api.FsCache;
import io.fscache.api.FsCacheMonitor;
import io.fscache.core.FsCacheJmx;
import io.fscache.core.FsCacheService;
import io.fscache.core.FsCacheSettings;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheProperties;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The core as a DS component: every {@link CacheBackend} service is added as it appears, with the
 * priority of its {@link CacheProperties#SERVICE_PRIORITY} service property, and withdrawn,
 * synchronously, as it goes, so a backend's service is never unregistered while the core still has
 * operations in flight on it.
 */
@Component(service = {FsCache.class, FsCacheMonitor.class}, configurationPid = "io.fscache.core", immediate = true)
@Designate(ocd = FsCacheConfiguration.class)
public final class FsCacheComponent extends FsCacheService {

    private static final System.Logger LOG = System.getLogger(FsCacheComponent.class.getName());

    private final AutoCloseable jmx;

    @Activate
    public FsCacheComponent(FsCacheConfiguration config) {
        super(settings(config));
        this.jmx = registerJmx(this);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCache(CacheBackend backend, Map<String, Object> properties) {
        try {
            addCache(backend, priority(properties.get(CacheProperties.SERVICE_PRIORITY)));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "Cache backend not added: " + e.getMessage());
        }
    }

    void unbindCache(CacheBackend backend, Map<String, Object> properties) {
        withdrawCache(backend);
    }

    @Deactivate
    void deactivate() {
        try {
            jmx.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Unregistering the FS-Cache MBean failed: " + e);
        }
        close();
    }

    /** A service's {@link CacheProperties#SERVICE_PRIORITY}: an Integer, or its text; 0 if absent. */
    static int priority(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Integer number) {
            return number;
        }
        try {
            return Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CacheProperties.SERVICE_PRIORITY + " must be an integer, not \"" + value + "\"");
        }
    }

    private static FsCacheSettings settings(FsCacheConfiguration config) {
        FsCacheSettings settings = FsCacheSettings.DEFAULTS
                .withLruTimeout(Duration.ofMillis(config.lru_timeout_ms()))
                .withMaxOpenObjects(config.max_open_objects())
                .withErrorLimit(config.error_limit());
        return config.workers() == 0 ? settings : settings.withWorkers(config.workers());
    }

    private static AutoCloseable registerJmx(FsCacheMonitor monitor) {
        try {
            return FsCacheJmx.register(monitor);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "FS-Cache MBean not registered: " + e);
            return () -> { };
        }
    }
}
