package io.fscache.netfs.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.CacheMode;
import io.fscache.netfs.IoLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MountOptionsTest {

    @Test
    void defaults() {
        MountOptions options = MountOptions.parse(Map.of());
        assertNull(options.cacheName());
        assertEquals(CacheMode.WRITETHROUGH, options.mode());
        assertEquals(8L << 20, options.readahead(new IoLimits(1 << 20, 1 << 20, 8)));
        assertEquals(1L << 20, options.readahead(new IoLimits(1 << 20, 1 << 20, 8, 1 << 20)), "the protocol's suggestion");
        assertEquals(16 << 20, options.dirtyLimit());
        assertEquals(1024, options.maxIdleFiles());
        assertEquals(Duration.ofSeconds(2), options.racyWindow());
        assertTrue(options.protocolOptions().isEmpty());
    }

    @Test
    void engineOptionsAreTakenAndTheRestPassedThrough() {
        MountOptions options = MountOptions.parse(Map.of("cache", "ssd", "mode", "WriteBack", "readahead", "512k",
                "dirty.limit", "1m", "max.idle.files", "10", "uname", "alice", "password", "pw"));
        assertEquals("ssd", options.cacheName());
        assertEquals(CacheMode.WRITEBACK, options.mode());
        assertEquals(512 * 1024, options.readahead(new IoLimits(1 << 20, 1 << 20, 8, 1 << 20)), "the mount's own, over the protocol's");
        assertEquals(1 << 20, options.dirtyLimit());
        assertEquals(10, options.maxIdleFiles());
        assertEquals(Map.of("uname", "alice", "password", "pw"), options.protocolOptions());
        assertFalse(options.toString().contains("pw"));
    }

    @Test
    void cacheNoneMeansModeNone() {
        assertEquals(CacheMode.NONE, MountOptions.parse(Map.of("cache", "none")).mode());
        assertEquals(CacheMode.NONE, MountOptions.parse(Map.of("cache", "NONE", "mode", "none")).mode());
        assertThrows(IllegalArgumentException.class, () -> MountOptions.parse(Map.of("cache", "none", "mode", "readonly")));
    }

    @Test
    void cacheMayNameTheModeAsTheDesignSpellsIt() {
        MountOptions writeback = MountOptions.parse(Map.of("cache", "writeback"));
        assertEquals(CacheMode.WRITEBACK, writeback.mode());
        assertEquals(null, writeback.cacheName(), "any live cache");
        assertEquals(CacheMode.READONLY, MountOptions.parse(Map.of("cache", "ReadOnly", "mode", "readonly")).mode());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MountOptions.parse(Map.of("cache", "writeback", "mode", "writethrough")));
        assertEquals("cache=writeback conflicts with mode=writethrough", e.getMessage());
        assertEquals("disk", MountOptions.parse(Map.of("cache", "disk", "mode", "writeback")).cacheName());
    }

    @Test
    void racyWindowsAreDurations() {
        assertEquals(Duration.ofMillis(500), MountOptions.parse(Map.of("racy.window", "500ms")).racyWindow());
        assertEquals(Duration.ofSeconds(3), MountOptions.parse(Map.of("racy.window", "3")).racyWindow());
        assertEquals(Duration.ofMinutes(1), MountOptions.parse(Map.of("racy.window", "1m")).racyWindow());
        assertEquals(Duration.ZERO, MountOptions.parse(Map.of("racy.window", "0")).racyWindow());
        assertEquals(Duration.ofSeconds(1), MountOptions.parse(Map.of()).attributeTimeout(), "actimeo's default, as CIFS's");
        assertEquals(Duration.ofMillis(250), MountOptions.parse(Map.of("actimeo", "250ms")).attributeTimeout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"readahead=lots", "readahead=-1", "dirty.limit=0", "dirty.limit=3g", "mode=fast",
        "max.idle.files=-2", "cache= ", "racy.window=2x", "racy.window=-1s", "racy.window=1.5s"})
    void badValuesAreRefusedNamingTheOption(String option) {
        String[] parts = option.split("=", 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MountOptions.parse(Map.of(parts[0], parts[1])));
        assertTrue(e.getMessage().startsWith("option " + parts[0] + " must be "), e.getMessage());
    }
}
