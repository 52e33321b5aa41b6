package io.fscache.backend.cachefiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.backend.cachefiles.CachefilesCache;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheObject;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration side of the component, without a framework: DS would pass the same values. */
class CachefilesBackendTest {

    @TempDir
    Path dir;

    @Test
    void aValidConfigurationOpensTheCacheAndDeactivationReleasesIt() throws Exception {
        CachefilesCache backend = open(Map.of("name", "disk", "directory", dir.toString(), "size", "1m", "granule", "4k"));
        try {
            assertEquals("disk", backend.name());
            assertEquals(4096, backend.granuleSize());
            assertEquals(1L << 20, backend.capacity());
            assertEquals(0L, backend.counters().get("objects"));
            assertEquals("directory " + dir.toAbsolutePath().normalize() + " is in use by another cache instance",
                    refused(Map.of("name", "other", "directory", dir.toString())));
            assertThrows(IllegalStateException.class, () -> CachefilesBackend.open(properties(Map.of("name", "other",
                    "directory", dir.toString()))), "and opening it anyway is refused too");
        } finally {
            backend.withdraw();
        }
        CachefilesCache again = open(Map.of("name", "disk", "directory", dir.toString()));
        assertEquals(-1, again.capacity(), "no size: bounded by the filesystem");
        again.withdraw();
    }

    @Test
    void badConfigurationsFailActivationNamingTheProperty() {
        assertEquals("directory must be set", refused(Map.of("directory", " ")));
        assertEquals("cache name must be printable ASCII without spaces, not \"two words\"", refused(Map.of("name", "two words")));
        assertEquals("max.objects must be a whole number, not \"many\"", refused(Map.of("max.objects", "many")));
        assertEquals("fail.reads must be true or false, not \"yes\"", refused(Map.of("fail.reads", "yes")));
        assertEquals("priority must be a whole number, not \"high\"", refused(Map.of("priority", "high")));
        assertEquals("granule must be a power of two from 4k to 1g (4096 to 1073741824 bytes), not 1000", refused(Map.of("granule", "1000")));
        assertEquals("brun (7) must be greater than bcull (7)", refused(Map.of("brun", "7")));
        assertTrue(refused(Map.of("size", "lots")).startsWith("size must be a number of bytes"));
        assertTrue(refused(Map.of("size", "1e30")).startsWith("size must be a number of bytes"));
    }

    @Test
    void aKeyNoBackendKnowsIsRefusedNamingTheNearestKey() {
        assertTrue(refused(Map.of("colour", "red")).startsWith(
                "io.fscache.backend.cachefiles: unknown property 'colour'; the properties are [bcull, "), "no far-fetched guess");
        assertEquals("io.fscache.backend.cachefiles: unknown property 'sise'; did you mean 'size'?", refused(Map.of("sise", "64m")));
        assertEquals("io.fscache.backend.cachefiles: unknown property 'Directory'; did you mean 'directory'?",
                refused(Map.of("Directory", "/x")));
    }

    @Test
    void frameworkKeysAreNotTheBackendsToJudge() throws Exception {
        Map<String, Object> properties = properties(Map.of("name", "disk"));
        properties.put("service.pid", "io.fscache.backend.cachefiles.1234");
        properties.put("service.factoryPid", "io.fscache.backend.cachefiles");
        properties.put("component.name", "io.fscache.backend.cachefiles.internal.CachefilesBackend");
        properties.put("component.id", 12L);
        properties.put("felix.fileinstall.filename", "file:/opt/karaf/etc/io.fscache.backend.cachefiles-disk.cfg");
        properties.put("osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)");
        open(properties).withdraw();
    }

    @Test
    void theOldSizeLimitKeyStillWorksAsSize() throws Exception {
        CachefilesCache backend = open(Map.of("sizeLimit", "2m"));
        assertEquals(2L << 20, backend.capacity());
        backend.withdraw();
        assertEquals("io.fscache.backend.cachefiles: set size only; sizeLimit is its old name",
                refused(Map.of("sizeLimit", "2m", "size", "4m")));
    }

    @Test
    void theOldCamelCaseKeysAreReadUnderTheirNewNames() {
        assertEquals("max.objects must be positive, not 0", refused(Map.of("maxObjects", "0")));
        assertEquals("io.threads must be 0 (by processor count) to 64, not 65", refused(Map.of("ioThreads", 65)));
        assertEquals("io.fscache.backend.cachefiles: set fail.reads only; failReads is its old name",
                refused(Map.of("failReads", "true", "fail.reads", "false")));
    }

    @Test
    void aSizeTheFilesystemCannotHoldIsRefusedNamingItsCapacity() throws Exception {
        String message = refused(Map.of("size", "100000t"));
        long total = Files.getFileStore(dir).getTotalSpace();
        assertEquals("size 97.7 PiB is larger than the filesystem holding " + dir + " ("
                + io.fscache.api.ByteSize.format(total) + ")", message);
    }

    // Broke as: fscache:cache-add --size 64m cachefiles c wrote size=64m, the backend read only
    // sizeLimit, and usage reached 272 MiB.
    @Test
    void aCacheConfiguredAsTheShellDoesStaysWithinItsSize() throws Exception {
        CachefilesCache cache = open(Map.of("name", "c", "directory", dir.toString(), "size", "64m"));
        try {
            BackendVolume volume = cache.openVolume("9p,server,export", new byte[0]);
            int granule = cache.granuleSize();
            ByteBuffer data = ByteBuffer.allocateDirect(granule);
            for (int file = 0; file < 17; file++) {
                long size = 16L << 20;
                CacheObject object = volume.createObject(new byte[] {(byte) file}, new byte[] {1}, size);
                for (long position = 0; position < size; position += granule) {
                    object.write(position, data.duplicate()).toCompletableFuture().join();
                    assertTrue(cache.usage() <= 64L << 20, "usage " + cache.usage() + " within 64 MiB");
                }
                object.commit(new byte[] {1}, size);
                object.close();
            }
            assertTrue(cache.usage() <= 64L << 20, "usage " + cache.usage() + " within 64 MiB after 272 MiB written");
        } finally {
            cache.withdraw();
        }
    }

    private CachefilesCache open(Map<String, ?> overrides) throws Exception {
        Map<String, Object> properties = properties(overrides);
        CachefilesBackend.check(properties); // the shell's check before it writes: same verdict as opening
        return CachefilesBackend.open(properties);
    }

    private String refused(Map<String, ?> overrides) {
        return assertThrows(IllegalArgumentException.class, () -> open(overrides)).getMessage();
    }

    /** What Config Admin passes: the given keys, a directory unless given. */
    private Map<String, Object> properties(Map<String, ?> overrides) {
        Map<String, Object> properties = new HashMap<>();
        if (!overrides.containsKey("Directory")) {
            properties.put("directory", dir.toString());
        }
        properties.putAll(overrides);
        return properties;
    }
}
