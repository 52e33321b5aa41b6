package io.fscache.backend.cachefiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What fscache:cache-add learns about a cache directory before it writes a configuration. */
class DirectoryCheckTest {

    @TempDir
    Path dir;

    // Broke as: a directory in use was found only at activation, with an ERROR and a stack trace in karaf.log.
    @Test
    void aDirectoryAnotherInstanceHoldsIsRefused() throws Exception {
        Path root = dir.resolve("cache");
        try (CacheDirectory held = CacheDirectory.open(root)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DirectoryCheck.check(root, 0));
            assertEquals("directory " + root + " is in use by another cache instance", e.getMessage());
        }
        DirectoryCheck.check(root, 0);
    }

    @Test
    void aSizeTheFilesystemCannotHoldIsRefusedAndNothingIsCreated() {
        Path root = dir.resolve("a/b/cache");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DirectoryCheck.check(root, 1L << 60));
        assertTrue(e.getMessage().startsWith("size 1.0 EiB is larger than the filesystem holding " + root), e.getMessage());
        assertFalse(Files.exists(dir.resolve("a")), "nothing created");
    }

    @Test
    void aPathThroughAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DirectoryCheck.check(file.resolve("cache"), 0));
        assertEquals("directory " + file.resolve("cache") + ": " + file + " is not a directory", e.getMessage());
    }
}
