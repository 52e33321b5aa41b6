package io.fscache.backend.memory.internal;

import io.fscache.spi.CacheConfigurationRules;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/** The memory cache's configuration rules, for tools that check a configuration before writing it. */
@Component(property = CacheConfigurationRules.SERVICE_TYPE + "=memory")
public final class MemoryCacheRules implements CacheConfigurationRules {

    @Override
    public void check(Map<String, ?> properties) {
        MemoryCacheComponent.check(properties);
    }
}
