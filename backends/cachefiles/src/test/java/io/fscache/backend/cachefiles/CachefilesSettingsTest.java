package io.fscache.backend.cachefiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Every invalid setting is refused with a message naming the property. */
class CachefilesSettingsTest {

    private static final Path DIR = Path.of("/var/cache/fscache");

    @Test
    void defaultsAreThoseOfCachefilesd() {
        CachefilesSettings settings = CachefilesSettings.builder("disk", DIR).build();

        assertEquals(262144, settings.granule());
        assertEquals(10, settings.brun());
        assertEquals(7, settings.bcull());
        assertEquals(3, settings.bstop());
        assertEquals(10, settings.frun());
        assertEquals(7, settings.fcull());
        assertEquals(3, settings.fstop());
        assertEquals(1_000_000, settings.maxObjects());
        assertEquals(0, settings.sizeLimit());
        assertFalse(settings.failReads() || settings.failWrites() || settings.failMetadataWrites());
    }

    @Test
    void invalidValuesAreRefusedNamingTheProperty() {
        assertEquals("cache name must not be empty", refused(CachefilesSettings.builder("", DIR)));
        assertEquals("cache name must be printable ASCII without spaces, not \"my cache\"", refused(CachefilesSettings.builder("my cache", DIR)));
        assertEquals("directory must be set", refused(CachefilesSettings.builder("c", null)));
        assertEquals("granule must be a power of two from 4k to 1g (4096 to 1073741824 bytes), not 5000", refused(b -> b.granule(5000)));
        assertEquals("granule must be a power of two from 4k to 1g (4096 to 1073741824 bytes), not 2048", refused(b -> b.granule(2048)));
        assertEquals("bcull (7) must be greater than bstop (7)", refused(b -> b.spaceThresholds(10, 7, 7)));
        assertEquals("brun (7) must be greater than bcull (8)", refused(b -> b.spaceThresholds(7, 8, 3)));
        assertEquals("bstop must be at least 0, not -1", refused(b -> b.spaceThresholds(10, 7, -1)));
        assertEquals("brun must be less than 100, not 100", refused(b -> b.spaceThresholds(100, 7, 3)));
        assertEquals("fcull (3) must be greater than fstop (5)", refused(b -> b.objectThresholds(10, 3, 5)));
        assertEquals("frun (5) must be greater than fcull (7)", refused(b -> b.objectThresholds(5, 7, 3)));
        assertEquals("max.objects must be positive, not 0", refused(b -> b.maxObjects(0)));
        assertEquals("size must be 0 (none) or at least one granule (262144 bytes), not 4096", refused(b -> b.sizeLimit(4096)));
        assertEquals("size must be 0 (none) or at least one granule (262144 bytes), not -1", refused(b -> b.sizeLimit(-1)));
    }

    @Test
    void zeroStopLevelsAreAllowed() {
        CachefilesSettings settings = CachefilesSettings.builder("c", DIR).spaceThresholds(2, 1, 0).objectThresholds(99, 98, 0).build();
        assertEquals(0, settings.bstop());
        assertEquals(99, settings.frun());
    }

    private static String refused(UnaryOperator<CachefilesSettings.Builder> change) {
        return refused(change.apply(CachefilesSettings.builder("c", DIR)));
    }

    private static String refused(CachefilesSettings.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }
}
