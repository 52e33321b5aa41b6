package io.fscache.backend.tiered.internal;

import io.fscache.api.CacheInfo;
import io.fscache.api.FsCacheMonitor;
import io.fscache.spi.CacheConfigurationRules;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The tiered cache's configuration rules, for tools that check a configuration before writing it.
 * Besides the rules activation holds a configuration to, a cache added now must be made of caches
 * the core knows now, of one granule size: a configuration file may name tiers that come later,
 * but a cache added at the prompt that waits for a typo'd tier would never start.
 */
@Component(property = CacheConfigurationRules.SERVICE_TYPE + "=tiered")
public final class TieredCacheRules implements CacheConfigurationRules {

    private final FsCacheMonitor monitor;

    @Activate
    public TieredCacheRules(@Reference FsCacheMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public void check(Map<String, ?> properties) {
        List<String> tiers = TieredCacheComponent.check(properties);
        List<CacheInfo> caches = monitor.caches();
        CacheInfo first = null;
        for (String tier : tiers) {
            Optional<CacheInfo> cache = caches.stream().filter(c -> c.name().equals(tier)).findFirst();
            if (cache.isEmpty()) {
                throw new IllegalArgumentException("tiers: no cache is named '" + tier + "'; the caches are "
                        + String.join(", ", new TreeSet<>(caches.stream().map(CacheInfo::name).toList())));
            }
            if (first == null) {
                first = cache.get();
            } else if (cache.get().granuleSize() != first.granuleSize()) {
                throw new IllegalArgumentException("tiers: " + first.name() + " has granule " + first.granuleSize() + " and "
                        + tier + " " + cache.get().granuleSize() + "; the tiers of a cache share one granule");
            }
        }
    }
}
