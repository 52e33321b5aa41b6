package io.fscache.backend.tiered.internal;

import io.fscache.api.Durations;
import io.fscache.backend.tiered.PromotionPolicy;
import io.fscache.backend.tiered.TieredCache;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheProperties;
import io.fscache.spi.ConfigurationValues;
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
 * <p>The configuration's keys are those of {@link TieredCacheConfiguration}; {@code promote.window.ms}
 * is accepted as the old name of {@code promote.window} (in milliseconds) with a warning; any other
 * key fails activation naming the nearest known key. A tiered cache has no {@code size} of its own
 * (its tiers' sizes bound it), so {@code size} is refused with a message saying so.
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
    private static final Map<String, String> ALIASES = Map.of("promote.window.ms", "promote.window");

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
    private void activate(Map<String, Object> properties, BundleContext context) {
        TieredCacheConfiguration config = configuration(properties);
        this.name = CacheProperties.checkName(config.name());
        this.priority = config.priority();
        this.tierNames = tierNames(config.name(), config.tiers());
        this.policy = policy(config.promote_after_hits(), config.promote_window());
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

    /**
     * The configuration with its keys checked (a key a tiered cache does not know is refused, and
     * {@code size}, which only its tiers have) and old keys renamed: read through this view, not as
     * DS converts the raw properties, which knows nothing of the aliases.
     */
    static TieredCacheConfiguration configuration(Map<String, ?> properties) {
        if (properties.containsKey(CacheProperties.SIZE)) {
            throw new IllegalArgumentException(PID + ": a tiered cache has no size of its own; size each of its tiers");
        }
        return ConfigurationValues.of(TieredCacheConfiguration.class, CacheProperties.check(PID, properties, KEYS, ALIASES));
    }

    /**
     * Holds a configuration to the rules activation does, building nothing.
     *
     * @return the tier names, highest first
     */
    static List<String> check(Map<String, ?> properties) {
        TieredCacheConfiguration config = configuration(properties);
        CacheProperties.checkName(config.name());
        policy(config.promote_after_hits(), config.promote_window());
        return tierNames(config.name(), config.tiers());
    }

    /** The tier names of a configuration, highest first; throws {@link IllegalArgumentException} naming the problem. */
    static List<String> tierNames(String name, String tiers) {
        List<String> names = tiers == null ? List.of()
                : Arrays.stream(tiers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (tiers == null || tiers.isBlank()) {
            throw new IllegalArgumentException("tiers must be set: at least two caches, highest first (tiers=memory,disk)");
        }
        if (names.size() < 2) {
            throw new IllegalArgumentException("tiers must name at least two caches, highest first, not \"" + tiers + "\"");
        }
        if (names.stream().distinct().count() != names.size() || names.contains(name)) {
            throw new IllegalArgumentException("tiers must be distinct caches other than " + name + ": \"" + tiers + "\"");
        }
        return names;
    }

    /** The promotion policy of a configuration; throws {@link IllegalArgumentException} naming the problem. */
    static PromotionPolicy policy(int afterHits, String window) {
        if (afterHits < 1) {
            throw new IllegalArgumentException("promote.after.hits must be at least 1, not " + afterHits);
        }
        Duration duration = Durations.parse(window, "promote.window");
        if (duration.isZero()) {
            throw new IllegalArgumentException("promote.window must be positive, not " + window);
        }
        return new PromotionPolicy(afterHits, duration);
    }
}
