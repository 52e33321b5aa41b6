package io.fscache.backend.cachefiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cache directory, locked for one instance: {@code lock}, {@code cache/} (the volumes),
 * {@code graveyard/} and {@code tmp/} (files not yet published). Directories are created
 * owner-only and files owner-read-write, where the filesystem has POSIX permissions.
 *
 * <p>Also the file operations whose ordering the crash-safety argument relies on: writing a file
 * durably before it is renamed into place, atomic renames, and {@code fsync} of a directory so a
 * rename is durable before the next step.
 */
final class CacheDirectory implements AutoCloseable {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /**
     * The directories (real paths) this process holds. A lock file must never be opened a second
     * time to ask whether it is locked: on Linux, closing any descriptor of a file drops every POSIX
     * lock the process holds on it, so the question would unlock the cache that holds it.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    final Path root;
    final Path cache;
    final Path graveyard;
    final Path tmp;

    private final Path held;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final String tempPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
    private final AtomicLong tempSequence = new AtomicLong();

    private CacheDirectory(Path root, Path held, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.held = held;
        this.cache = root.resolve("cache");
        this.graveyard = root.resolve("graveyard");
        this.tmp = root.resolve("tmp");
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and locks it.
     *
     * @throws IllegalStateException if another cache instance, in this process or another, holds it
     */
    static CacheDirectory open(Path root) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        createDirectories(dir);
        Path real = dir.toRealPath();
        if (!HELD.add(real)) {
            throw new IllegalStateException("cache directory " + dir + " is in use by another cache instance");
        }
        FileChannel channel;
        FileLock lock;
        try {
            channel = FileChannel.open(dir.resolve("lock"), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    fileAttributes(FILE));
            try {
                lock = channel.tryLock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            HELD.remove(real);
            throw e;
        }
        if (lock == null) {
            // Held by another process: closing this descriptor drops no lock of ours.
            channel.close();
            HELD.remove(real);
            throw new IllegalStateException("cache directory " + dir + " is in use by another cache instance");
        }
        CacheDirectory directory = new CacheDirectory(dir, real, channel, lock);
        try {
            createDirectories(directory.cache);
            createDirectories(directory.graveyard);
            createDirectories(directory.tmp);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
        return directory;
    }

    /** A fresh, unused name in {@code tmp/}. */
    Path newTempPath(String suffix) {
        return tmp.resolve(tempPrefix + tempSequence.incrementAndGet() + suffix);
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                lockChannel.close();
            } finally {
                HELD.remove(held);
            }
        }
    }

    /**
     * Whether a cache of this process holds {@code dir}: then its lock file must not be opened to ask
     * (see {@link #HELD}).
     */
    static boolean isHeldHere(Path dir) throws IOException {
        return Files.isDirectory(dir) && HELD.contains(dir.toRealPath());
    }

    /** Creates missing directories owner-only. */
    static void createDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, fileAttributes(DIRECTORY));
        }
    }

    /** Creates a new file, owner-read-write, for reading and writing. */
    static FileChannel createFile(Path file) throws IOException {
        return FileChannel.open(file, Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE), fileAttributes(FILE));
    }

    /**
     * Writes {@code bytes} to a new file in {@code tmp/} and forces it to the device, so that a
     * rename can publish it whole.
     */
    Path writeTemp(byte[] bytes) throws IOException {
        Path file = newTempPath(".tmp");
        try (FileChannel channel = createFile(file)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    /** Replaces {@code target} with {@code source} in one atomic rename (both on this filesystem). */
    static void moveAtomically(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Makes the renames in a directory durable (fsync of the directory). */
    static void sync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static FileAttribute<?>[] fileAttributes(Set<PosixFilePermission> permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }
}
