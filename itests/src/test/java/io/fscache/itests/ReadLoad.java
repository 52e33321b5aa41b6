package io.fscache.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Reader threads that read whole files through a mount, over and over, each checking every byte
 * against what the server holds, while a test makes caches come and go under them.
 */
final class ReadLoad {

    private final AtomicBoolean done = new AtomicBoolean();
    private final AtomicLong reads = new AtomicLong();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final List<Thread> readers = new ArrayList<>();

    /**
     * Starts {@code threads} readers; reader {@code t} reads {@code file.apply(t)} and expects
     * {@code content.apply(t)}.
     */
    static ReadLoad start(int threads, IntFunction<Path> file, IntFunction<byte[]> content) {
        ReadLoad load = new ReadLoad();
        for (int t = 0; t < threads; t++) {
            Path path = file.apply(t);
            byte[] expected = content.apply(t);
            Thread reader = new Thread(() -> load.readUntilDone(path, expected), "reader-" + t);
            reader.start();
            load.readers.add(reader);
        }
        return load;
    }

    private void readUntilDone(Path path, byte[] expected) {
        while (!done.get()) {
            try {
                assertArrayEquals(path.toString(), expected, Files.readAllBytes(path));
                reads.incrementAndGet();
            } catch (Throwable e) {
                failures.add(e);
                return;
            }
        }
    }

    /** Whole files read so far, every byte right. */
    long reads() {
        return reads.get();
    }

    /** Whether a reader stopped on a failure ({@link #stopAndVerify} reports it). */
    boolean failed() {
        return !failures.isEmpty();
    }

    /** Stops the readers and asserts that none hung and no read failed or returned other bytes. */
    void stopAndVerify() throws InterruptedException {
        done.set(true);
        for (Thread reader : readers) {
            reader.join(30_000);
            assertFalse("a reader hung", reader.isAlive());
        }
        assertTrue("failed reads: " + failures, failures.isEmpty());
    }
}
