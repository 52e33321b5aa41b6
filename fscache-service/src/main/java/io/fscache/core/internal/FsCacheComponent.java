package io.fscache.core.internal;

import io.fscache.api.Durations;
import io.fscache.api.FsCache;
import io.fscache.api.FsCacheMonitor;
import io.fscache.core.FsCacheJmx;
import io.fscache.core.FsCacheService;
import io.fscache.core.FsCacheSettings;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheProperties;
import io.fscache.spi.ConfigurationValues;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Set;
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
 * operations in flight on it. A backend whose name or granule breaks the rules of
 * {@link CacheProperties} is refused and logged.
 *
 * <p>The configuration's keys are those of {@link FsCacheConfiguration}, held to them as the
 * backends' are ({@link CacheProperties#check}); {@code lru.timeout.ms} is accepted as the old name
 * of {@code lru.timeout}, in milliseconds, with a warning.
 */
@Component(service = {FsCache.class, FsCacheMonitor.class}, configurationPid = FsCacheComponent.PID, immediate = true)
@Designate(ocd = FsCacheConfiguration.class)
public final class FsCacheComponent extends FsCacheService {

    private static final System.Logger LOG = System.getLogger(FsCacheComponent.class.getName());
    static final String PID = "io.fscache.core";
    private static final Set<String> KEYS = CacheProperties.keysOf(FsCacheConfiguration.class);
    private static final Map<String, String> ALIASES = Map.of("lru.timeout.ms", "lru.timeout");

    private final AutoCloseable jmx;

    @Activate
    public FsCacheComponent(Map<String, Object> properties) {
        super(settings(ConfigurationValues.of(FsCacheConfiguration.class, CacheProperties.check(PID, properties, KEYS, ALIASES))));
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
                .withLruTimeout(Durations.parse(config.lru_timeout(), "lru.timeout"))
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
