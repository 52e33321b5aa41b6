package io.fscache.backend.cachefiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.backend.cachefiles.CachefilesCache;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration side of the component, without a framework: DS would pass the same values. */
class CachefilesBackendTest {

    @TempDir
    Path dir;



    @Test
    void aValidConfigurationOpensTheCacheAndDeactivationReleasesIt() throws Exception {
        CachefilesCache backend = CachefilesBackend.open(config("disk", dir.toString(), "1m", 4096, 10, 7, 3));
        try {
            assertEquals("disk", backend.name());
            assertEquals(4096, backend.granuleSize());
            assertEquals(1L << 20, backend.capacity());
            assertEquals(0L, backend.counters().get("objects"));
            assertThrows(IllegalStateException.class,
                    () -> CachefilesBackend.open(config("other", dir.toString(), "0", 4096, 10, 7, 3)));
        } finally {
            backend.withdraw();
        }
        CachefilesCache again = CachefilesBackend.open(config("disk", dir.toString(), "0", 4096, 10, 7, 3));
        assertEquals(-1, again.capacity(), "no size limit: bounded by the filesystem");
        again.withdraw();
    }

    @Test
    void badConfigurationsFailActivationNamingTheProperty() {
        assertEquals("directory must be set", refused(config("disk", " ", "0", 4096, 10, 7, 3)));
        assertEquals("name must be printable ASCII without spaces: \"two words\"",
                refused(config("two words", dir.toString(), "0", 4096, 10, 7, 3)));
        assertEquals("granule must be a power of two from 4096 to 1073741824 bytes, not 1000",
                refused(config("disk", dir.toString(), "0", 1000, 10, 7, 3)));
        assertEquals("brun (7) must be greater than bcull (7)", refused(config("disk", dir.toString(), "0", 4096, 7, 7, 3)));
        assertTrue(refused(config("disk", dir.toString(), "lots", 4096, 10, 7, 3)).startsWith("sizeLimit"));
    }

    private static String refused(CachefilesBackendConfiguration config) {
        return assertThrows(IllegalArgumentException.class, () -> CachefilesBackend.open(config)).getMessage();
    }

    private static CachefilesBackendConfiguration config(String name, String directory, String sizeLimit, int granule,
            int brun, int bcull, int bstop) {
        return new CachefilesBackendConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CachefilesBackendConfiguration.class;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String directory() {
                return directory;
            }

            @Override
            public int granule() {
                return granule;
            }

            @Override
            public int brun() {
                return brun;
            }

            @Override
            public int bcull() {
                return bcull;
            }

            @Override
            public int bstop() {
                return bstop;
            }

            @Override
            public int frun() {
                return 10;
            }

            @Override
            public int fcull() {
                return 7;
            }

            @Override
            public int fstop() {
                return 3;
            }

            @Override
            public long maxObjects() {
                return 1_000_000;
            }

            @Override
            public String sizeLimit() {
                return sizeLimit;
            }

            @Override
            public boolean failReads() {
                return false;
            }

            @Override
            public boolean failWrites() {
                return false;
            }

            @Override
            public boolean failMetadataWrites() {
                return false;
            }
        };
    }
}
