package io.fscache.backend.cachefiles;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where discarded files go: a rename takes a file or a whole volume out of the cache at once (cheap
 * under a lock, atomic if the process dies), and a background thread deletes what lies here, which
 * can take long for big files. What a crashed instance left here is deleted by the next one.
 */
final class Graveyard implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Graveyard.class.getName());
    private static final long SWEEP_SECONDS = 1;

    private final Path dir;
    private final String prefix = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
    private final AtomicLong sequence = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition buried = lock.newCondition();
    private final Thread reaper;
    private boolean pending = true;
    private boolean failing;
    private volatile boolean stopped;

    Graveyard(Path dir, String threadName) {
        this.dir = dir;
        this.reaper = new Thread(this::reap, threadName);
        reaper.setDaemon(true);
        reaper.start();
    }

    /**
     * Moves a file or directory here.
     *
     * @return its path here, or {@code null} if it did not exist
     */
    Path bury(Path path) throws IOException {
        Path grave = dir.resolve(prefix + sequence.incrementAndGet());
        try {
            CacheDirectory.moveAtomically(path, grave);
        } catch (NoSuchFileException e) {
            return null;
        }
        lock.lock();
        try {
            pending = true;
            buried.signal();
        } finally {
            lock.unlock();
        }
        return grave;
    }

    /** Deletes a grave now, on the caller's thread (the culler, which needs the space back at once). */
    static void delete(Path grave) throws IOException {
        Files.walkFileTree(grave, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Stops the reaper; what is left here is deleted by the next instance. */
    @Override
    public void close() {
        stopped = true;
        reaper.interrupt();
        try {
            reaper.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reap() {
        while (!stopped) {
            lock.lock();
            try {
                if (!pending && !stopped) {
                    buried.await(SWEEP_SECONDS, TimeUnit.SECONDS);
                }
                pending = false;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            sweep();
        }
    }

    private void sweep() {
        try (DirectoryStream<Path> graves = Files.newDirectoryStream(dir)) {
            for (Path grave : graves) {
                if (stopped) {
                    return;
                }
                delete(grave);
            }
            failing = false;
        } catch (IOException e) {
            // Retried every sweep; logged once per run of failures.
            if (!failing) {
                LOG.log(Level.WARNING, "Emptying " + dir + " failed, trying again: " + e);
            }
            failing = true;
        }
    }
}
