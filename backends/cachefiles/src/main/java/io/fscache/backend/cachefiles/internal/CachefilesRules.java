package io.fscache.backend.cachefiles.internal;

import io.fscache.spi.CacheConfigurationRules;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The cachefiles cache's configuration rules, for tools that check a configuration before writing
 * it: its properties, and whether the directory can be made, is free and its filesystem holds the
 * size ({@link io.fscache.backend.cachefiles.DirectoryCheck}), without creating anything.
 */
@Component(property = CacheConfigurationRules.SERVICE_TYPE + "=cachefiles")
public final class CachefilesRules implements CacheConfigurationRules {

    @Override
    public void check(Map<String, ?> properties) {
        CachefilesBackend.check(properties);
    }
}
