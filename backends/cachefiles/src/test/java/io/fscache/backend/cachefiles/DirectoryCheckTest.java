package io.fscache.backend.cachefiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What fscache:cache-add learns about a cache directory before it writes a configuration. */
class DirectoryCheckTest {

    @TempDir
    Path dir;

    // Broke as: a directory in use was found only at activation, with an ERROR and a stack trace in karaf.log.
    // Broke as: asking whether a directory was in use opened its lock file a second time, and closing
    // that descriptor dropped the holder's lock (POSIX locks belong to the process): a refused
    // cache-add left the live cache unlocked, and a second distribution could open a cache on it.
    @Test
    void askingWhetherADirectoryIsInUseKeepsItsHoldersLock() throws Exception {
        Path root = dir.resolve("cache");
        try (CacheDirectory held = CacheDirectory.open(root)) {
            assertThrows(IllegalArgumentException.class, () -> DirectoryCheck.check(root, 0));
            assertThrows(IllegalStateException.class, () -> CacheDirectory.open(root));
            assertTrue(lockedByThisProcess(root.resolve("lock")), "the holder keeps its lock");
        }
        assertFalse(lockedByThisProcess(root.resolve("lock")), "released at close");
    }

    // Broke as (a fresh user's cache-add --directory /proc/nope): with --size, "size 64.0 MiB is larger than the
    // filesystem holding /proc/nope (0 B)"; without, it passed, and the activation failed with an ERROR.
    @Test
    void aDirectoryOnAFilesystemThatHoldsNoFilesIsRefused() {
        // Only root may write /proc; anyone else is told that first.
        assertEquals(Files.isWritable(Path.of("/proc"))
                ? "directory /proc/nope: /proc is on a proc filesystem, which holds no files of its own"
                : "directory /proc/nope: cannot be created, /proc is not writable by this process",
                assertThrows(IllegalArgumentException.class, () -> DirectoryCheck.check(Path.of("/proc/nope"), 64 << 20))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> DirectoryCheck.check(Path.of("/proc/nope"), 0));
    }

    /** Whether this process holds a POSIX lock on {@code file}, as the kernel lists it in /proc/locks. */
    private static boolean lockedByThisProcess(Path file) throws IOException {
        long inode = (Long) Files.getAttribute(file, "unix:ino");
        String pid = Long.toString(ProcessHandle.current().pid());
        return Files.readAllLines(Path.of("/proc/locks")).stream()
                .map(line -> line.replace("->", "").trim().split("\\s+"))
                .anyMatch(fields -> fields.length > 5 && fields[1].equals("POSIX") && fields[4].equals(pid)
                        && fields[5].endsWith(":" + inode));
    }

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
        assertEquals("directory " + file.resolve("cache") + ": cannot be created, " + file + " is not a directory",
                e.getMessage());
    }

    /** The path named once (a fresh user read "directory /etc/passwd: /etc/passwd is not a directory"). */
    @Test
    void aFileGivenAsTheDirectoryIsRefusedNamingItOnce() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DirectoryCheck.check(file, 0));
        assertEquals("directory " + file + ": not a directory", e.getMessage());
    }
}
