package io.fscache.backend.tiered.internal;

import io.fscache.backend.tiered.PromotionPolicy;
import io.fscache.backend.tiered.TieredCache;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheProperties;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One tiered cache per factory configuration of PID {@code io.fscache.backend.tiered}.
 *
 * <p>The configuration's keys are those of {@link TieredCacheConfiguration}; any other key fails
 * activation naming the nearest known key. A tiered cache has no {@code size} of its own (its tiers'
 * sizes bound it), so {@code size} is refused with a message saying so.
 *
 * <p>Tracks every {@link CacheBackend} service (dynamic, greedy, multiple) and keeps those whose
 * {@code fscache.cache.name} is one of the configured tiers. Once every tier has been present, it
 * builds the {@link TieredCache} and registers it as a {@code CacheBackend} service with
 * {@code fscache.cache.name} = its name. From then on a tier service that goes away is
 * {@linkplain TieredCache#tierWithdrawn withdrawn} from the tiered cache inside the unbind, so the
 * tier's owner can withdraw it as soon as unregistration returns; a tier service that (re)appears is
 * {@linkplain TieredCache#tierAdded added}. Greedy: a replacement is bound before the old one is
 * unbound, and the tiered cache swaps it in by name.
 */
@Component(service = {}, configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = TieredCacheComponent.PID, immediate = true)
@Designate(ocd = TieredCacheConfiguration.class, factory = true)
public final class TieredCacheComponent {

    static final String CACHE_NAME = CacheProperties.SERVICE_NAME;
    static final String PID = "io.fscache.backend.tiered";
    private static final Set<String> KEYS = CacheProperties.keysOf(TieredCacheConfiguration.class);

    private final Map<String, CacheBackend> present = new HashMap<>();
    private String name;
    private int priority;
    private List<String> tierNames;
    private PromotionPolicy policy;
    private BundleContext context;
    private TieredCache cache;
    private ServiceRegistration<CacheBackend> registration;

    /** Validates the configuration, then builds the cache if every tier is already bound. */
    @Activate
    private void activate(TieredCacheConfiguration config, Map<String, Object> properties, BundleContext context) {
        checkKeys(properties);
        this.name = config.name();
        this.priority = config.priority();
        this.tierNames = tierNames(config.name(), config.tiers());
        this.policy = policy(config.promote_after_hits(), config.promote_window_ms());
        synchronized (this) {
            this.context = context;
        }
        startIfComplete();
    }

    @Deactivate
    private void deactivate() {
        ServiceRegistration<CacheBackend> registered;
        TieredCache built;
        synchronized (this) {
            registered = registration;
            built = cache;
            registration = null;
            cache = null;
        }
        if (registered != null) {
            registered.unregister();
        }
        if (built != null) {
            built.withdraw();
        }
    }

    @Reference(service = CacheBackend.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindTier(CacheBackend backend, Map<String, Object> properties) {
        String tier = String.valueOf(properties.get(CACHE_NAME));
        TieredCache running;
        synchronized (this) {
            present.put(tier, backend);
            running = cache;
        }
        if (running != null && tierNames.contains(tier)) {
            running.tierAdded(backend);
        } else {
            startIfComplete();
        }
    }

    void unbindTier(CacheBackend backend, Map<String, Object> properties) {
        TieredCache running;
        synchronized (this) {
            present.remove(String.valueOf(properties.get(CACHE_NAME)), backend);
            running = cache;
        }
        if (running != null) {
            running.tierWithdrawn(backend);
        }
    }

    /** Builds and registers the cache once activated with every tier bound; registers outside the lock. */
    private void startIfComplete() {
        TieredCache built;
        BundleContext registering;
        synchronized (this) {
            if (context == null || cache != null || !present.keySet().containsAll(tierNames)) {
                return;
            }
            built = new TieredCache(name, policy, tierNames.stream().map(present::get).toList());
            cache = built;
            registering = context;
        }
        ServiceRegistration<CacheBackend> registered = registering.registerService(CacheBackend.class, built,
                FrameworkUtil.asDictionary(Map.of(CACHE_NAME, name, CacheProperties.SERVICE_PRIORITY, priority)));
        synchronized (this) {
            if (cache == built) {
                registration = registered;
                return;
            }
        }
        registered.unregister(); // deactivated meanwhile
    }

    /** Refuses keys a tiered cache does not know, and {@code size}, which only its tiers have. */
    static void checkKeys(Map<String, Object> properties) {
        if (properties.containsKey(CacheProperties.SIZE)) {
            throw new IllegalArgumentException(PID + ": a tiered cache has no size of its own; size each of its tiers");
        }
        CacheProperties.check(PID, properties, KEYS, Map.of());
    }

    /** The tier names of a configuration, highest first; throws {@link IllegalArgumentException} naming the problem. */
    static List<String> tierNames(String name, String tiers) {
        List<String> names = tiers == null ? List.of()
                : Arrays.stream(tiers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (names.size() < 2) {
            throw new IllegalArgumentException("tiers must name at least two caches, highest first, not \"" + tiers + "\"");
        }
        if (names.stream().distinct().count() != names.size() || names.contains(name)) {
            throw new IllegalArgumentException("tiers must be distinct caches other than " + name + ": \"" + tiers + "\"");
        }
        return names;
    }

    /** The promotion policy of a configuration; throws {@link IllegalArgumentException} naming the problem. */
    static PromotionPolicy policy(int afterHits, long windowMillis) {
        if (afterHits < 1) {
            throw new IllegalArgumentException("promote.after.hits must be at least 1, not " + afterHits);
        }
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("promote.window.ms must be positive, not " + windowMillis);
        }
        return new PromotionPolicy(afterHits, Duration.ofMillis(windowMillis));
    }
}
