package io.fscache.backend.cachefiles;

import io.fscache.api.ByteSize;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What opening a cache directory would refuse, found without creating or changing anything: for a
 * tool that checks a configuration before writing it ({@code fscache:cache-add}), so that a mistake
 * is one line at once rather than a failed activation and files left behind.
 */
public final class DirectoryCheck {

    private DirectoryCheck() {
    }

    /**
     * Checks that {@code directory} is, or can be made, a cache directory of {@code sizeLimit}
     * bytes that no other cache instance holds.
     *
     * @throws IllegalArgumentException naming the directory and what is wrong with it
     */
    public static void check(Path directory, long sizeLimit) {
        Path dir = directory.toAbsolutePath().normalize();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new IllegalArgumentException("directory " + dir + ": " + (dir.equals(existing)
                    ? "not a directory" : "cannot be created, " + existing + " is not a directory"));
        }
        if (!Files.isWritable(existing)) {
            throw new IllegalArgumentException("directory " + dir + ": " + (existing.equals(dir)
                    ? "not writable by this process" : "cannot be created, " + existing + " is not writable by this process"));
        }
        try {
            FileStore store = Files.getFileStore(existing);
            long total = store.getTotalSpace();
            if (total == 0) {
                // proc, sysfs and the like: root may write there, but no cache file can be made.
                throw new IllegalArgumentException("directory " + dir + ": " + existing + " is on a " + store.type()
                        + " filesystem, which holds no files of its own");
            }
            if (sizeLimit > total) {
                throw new IllegalArgumentException("size " + ByteSize.format(sizeLimit) + " is larger than the filesystem holding "
                        + dir + " (" + ByteSize.format(total) + ")");
            }
            if (existing.equals(dir) && isLocked(dir)) {
                throw new IllegalArgumentException("directory " + dir + " is in use by another cache instance");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether another instance, in this process or another, holds the directory (as
     * {@link CacheDirectory#open} locks it). One of this process is asked without opening the lock
     * file: closing that descriptor would drop the holder's lock.
     */
    private static boolean isLocked(Path dir) throws IOException {
        Path lockFile = dir.resolve("lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        if (CacheDirectory.isHeldHere(dir)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            // An instance of another class loader in this process (a bundle refreshed under it).
            return true;
        }
    }
}
