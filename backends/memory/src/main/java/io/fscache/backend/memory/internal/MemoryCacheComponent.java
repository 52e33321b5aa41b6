package io.fscache.backend.memory.internal;

import io.fscache.backend.memory.MemoryCache;
import io.fscache.spi.CacheBackend;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Registers one {@link MemoryCache} as a {@link CacheBackend} service per factory configuration.
 * A configuration that does not validate fails activation with a message saying which property is
 * wrong, so a bad cache never appears.
 */
@Component(service = CacheBackend.class, configurationPolicy = ConfigurationPolicy.REQUIRE,
        configurationPid = "io.fscache.backend.memory")
@Designate(ocd = MemoryCacheConfiguration.class, factory = true)
public final class MemoryCacheComponent extends MemoryCache {

    /** Creates the cache from its configuration. */
    @Activate
    public MemoryCacheComponent(MemoryCacheConfiguration config) {
        super(config.name(), parseSize(config.size()), config.granule());
    }

    /** Drops the content, whether or not the core has withdrawn the cache already. */
    @Deactivate
    private void deactivate() {
        withdraw();
    }

    /** Parses a byte count with an optional {@code k}, {@code m} or {@code g} suffix (powers of 1024). */
    static long parseSize(String size) {
        String text = size == null ? "" : size.trim().toLowerCase(Locale.ROOT);
        int shift = 0;
        if (!text.isEmpty()) {
            switch (text.charAt(text.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                default -> shift = 0;
            }
        }
        String digits = shift == 0 ? text : text.substring(0, text.length() - 1).trim();
        try {
            if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
                throw new NumberFormatException(digits);
            }
            long value = Long.parseLong(digits);
            if (value > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException(digits);
            }
            return value << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "size must be a number of bytes with an optional k, m or g suffix, not \"" + size + "\"", e);
        }
    }
}
