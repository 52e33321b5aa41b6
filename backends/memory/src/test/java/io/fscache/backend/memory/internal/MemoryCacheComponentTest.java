package io.fscache.backend.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fscache.backend.memory.MemoryCache;
import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

/** The configuration side of the component, without a framework: DS would pass the same values. */
class MemoryCacheComponentTest {



    @Test
    void defaultsMakeA256MiBCacheOf256KiBGranules() {
        MemoryCache component = MemoryCacheComponent.create(config("memory", "256m", 262144));
        try {
            assertEquals("memory", component.name());
            assertEquals(256L << 20, component.capacity());
            assertEquals(262144, component.granuleSize());
        } finally {
            component.withdraw();
        }
    }

    @Test
    void badConfigurationFailsActivation() {
        assertThrows(IllegalArgumentException.class, () -> MemoryCacheComponent.create(config("two words", "1m", 4096)));
        assertThrows(IllegalArgumentException.class, () -> MemoryCacheComponent.create(config("m", "1m", 1000)));
        assertThrows(IllegalArgumentException.class, () -> MemoryCacheComponent.create(config("m", "4k", 8192)));
        assertThrows(IllegalArgumentException.class, () -> MemoryCacheComponent.create(config("m", "lots", 4096)));
    }

    private static MemoryCacheConfiguration config(String name, String size, int granule) {
        return new MemoryCacheConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MemoryCacheConfiguration.class;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String size() {
                return size;
            }

            @Override
            public int granule() {
                return granule;
            }
        };
    }
}
