package io.fscache.backend.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.ByteSize;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.spi.ConfigurationValues;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration side of the component, without a framework: DS would pass the same values. */
class MemoryCacheComponentTest {

    @Test
    void defaultsMakeA256MiBCacheOf256KiBGranules() {
        MemoryCache component = create(Map.of());
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
        assertThrows(IllegalArgumentException.class, () -> create(Map.of("name", "two words", "size", "1m", "granule", "4096")));
        assertThrows(IllegalArgumentException.class, () -> create(Map.of("size", "1m", "granule", "1000")));
        assertThrows(IllegalArgumentException.class, () -> create(Map.of("size", "4k", "granule", "8192")));
        assertTrue(refused(Map.of("size", "lots")).startsWith("size must be a number of bytes"));
        assertTrue(refused(Map.of("size", "1e30")).startsWith("size must be a number of bytes"));
    }

    // Broke as (a fresh user's cache-add -o priority=high): the check passed, and DS's activation
    // failed with "java.lang.NumberFormatException: For input string: \"high\"".
    @Test
    void aPriorityThatIsNoNumberIsRefusedByTheCheck() {
        assertEquals("priority must be a whole number, not \"high\"", assertThrows(IllegalArgumentException.class,
                () -> MemoryCacheComponent.check(Map.of("size", "1m", "priority", "high"))).getMessage());
    }

    @Test
    void aKeyNoBackendKnowsIsRefusedNamingTheNearestKey() {
        assertEquals("io.fscache.backend.memory: unknown property 'sizeLimit'; did you mean 'size'?",
                refused(Map.of("sizeLimit", "64m")));
        assertEquals("io.fscache.backend.memory: unknown property 'granul'; did you mean 'granule'?",
                refused(Map.of("granul", "4096")));
    }

    @Test
    void frameworkKeysAreNotTheBackendsToJudge() {
        create(Map.of("service.pid", "io.fscache.backend.memory.1", "service.factoryPid", "io.fscache.backend.memory",
                "component.name", "MemoryCacheComponent", "component.id", 3L,
                "felix.fileinstall.filename", "file:/etc/io.fscache.backend.memory-default.cfg")).withdraw();
    }

    // Broke as: fscache:cache-add --size 100000t memory m made a 97.7 PiB memory cache on a 23 GiB machine.
    @Test
    void aSizeAboveTheJvmsDirectMemoryIsRefusedNamingTheLimit() {
        String message = refused(Map.of("size", "100000t"));
        assertTrue(message.startsWith("size 97.7 PiB is larger than the JVM's direct memory ("), message);
        assertTrue(message.contains(ByteSize.format(Runtime.getRuntime().maxMemory()))
                || message.contains("MaxDirectMemorySize"), message);
    }

    private static MemoryCache create(Map<String, ?> given) {
        Map<String, Object> properties = new HashMap<>(given);
        return MemoryCacheComponent.create(ConfigurationValues.of(MemoryCacheConfiguration.class, properties), properties);
    }

    private static String refused(Map<String, ?> properties) {
        return assertThrows(IllegalArgumentException.class, () -> create(properties)).getMessage();
    }
}
