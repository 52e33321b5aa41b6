package io.fscache.netfs.lib.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.lib.LocalNetworkFilesystem;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component's reference handling, without a framework: DS would make the same calls. */
class MountsComponentTest {

    @TempDir
    Path dir;

    @Test
    void filesystemsComeAndGoByTheirSchemeProperty() throws Exception {
        Files.createDirectories(dir.resolve("export"));
        Files.write(dir.resolve("export/f"), new byte[] {1, 2, 3});
        try (FsCacheService fscache = new FsCacheService(); LocalNetworkFilesystem server = new LocalNetworkFilesystem(dir)) {
            fscache.addCache(new MemoryCache("mem", 1 << 20, 4096));
            MountsComponent mounts = new MountsComponent(fscache);
            URI uri = URI.create("local://server/export");
            assertThrows(IllegalArgumentException.class, () -> mounts.mount("m", uri, Map.of()));

            mounts.bindFilesystem(server, Map.of(NetworkFilesystem.SCHEME_PROPERTY, "local"));
            FileSystem fs = mounts.mount("m", uri, Map.of());
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(fs.getPath("/f")));

            mounts.unbindFilesystem(server, Map.of(NetworkFilesystem.SCHEME_PROPERTY, "local"));
            assertTrue(mounts.mounts().isEmpty(), "its mounts went with it");
            assertEquals(0, fscache.stats().get("Cookies", "n"));
            assertThrows(IllegalArgumentException.class, () -> mounts.mount("m", uri, Map.of()));

            mounts.bindFilesystem(server, Map.of());
            assertThrows(IllegalArgumentException.class, () -> mounts.mount("m", uri, Map.of()),
                    "no scheme property, not mountable");
            mounts.bindFilesystem(server, Map.of(NetworkFilesystem.SCHEME_PROPERTY, new String[] {"local"}));
            mounts.mount("m", uri, Map.of());
            mounts.close();
            assertTrue(mounts.mounts().isEmpty());
            assertEquals(0, fscache.stats().get("Cookies", "v"));
        }
    }
}
