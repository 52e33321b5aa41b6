package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The soak's readers and writers, each a thread looping until {@link #stop()}: a reader
 * reads a random file through a random mount and checks every byte against the versions the file
 * may hold; a writer rewrites a random file through a random mount, then pauses up to 100 ms.
 * Failures are counted by kind and the loop goes on; the first mismatches are printed in full.
 */
final class SoakLoad {

    private static final int MISMATCHES_SHOWN = 20;

    private final SoakFiles files;
    private final List<Path> mountRoots;
    private final SoakTally tally;
    private final int granule;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger mismatchesShown = new AtomicInteger();
    private volatile boolean running = true;

    /** @param granule the caches' granule size, to say which granules of a wrong read are wrong */
    SoakLoad(SoakFiles files, List<Path> mountRoots, SoakTally tally, int granule) {
        this.files = files;
        this.granule = granule;
        this.mountRoots = List.copyOf(mountRoots);
        this.tally = tally;
    }

    void start(int readers, int writers) {
        for (int i = 0; i < readers; i++) {
            threads.add(new Thread(this::readLoop, "soak-reader-" + i));
        }
        for (int i = 0; i < writers; i++) {
            String temporary = ".w" + i;
            threads.add(new Thread(() -> writeLoop(temporary), "soak-writer-" + i));
        }
        threads.forEach(Thread::start);
    }

    /** Ends every loop and waits for the threads (each finishes its current operation). */
    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(2));
            if (thread.isAlive()) {
                System.out.println("[soak] " + thread.getName() + " still running after 2 minutes: "
                        + List.of(thread.getStackTrace()));
            }
        }
    }

    private void readLoop() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running) {
            int file = random.nextInt(files.count());
            Path root = mountRoots.get(random.nextInt(mountRoots.size()));
            long from = files.done(file);
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(root.resolve(SoakFiles.name(file)));
            } catch (IOException | RuntimeException e) {
                tally.error("read " + scheme(root), e);
                continue;
            }
            long to = files.started(file);
            tally.reads.increment();
            if (SoakFiles.matchingVersion(file, bytes, from, to) < 0) {
                tally.mismatches.increment();
                if (mismatchesShown.getAndIncrement() < MISMATCHES_SHOWN) {
                    System.out.println("[soak] MISMATCH " + root.getFileSystem() + " " + SoakFiles.name(file) + ": "
                            + bytes.length + " bytes match none of versions " + from + " to " + to
                            + " (their sizes " + sizes(file, from, to) + "); "
                            + files.explain(file, bytes, from, to, granule));
                }
            } else {
                tally.bytesVerified.add(bytes.length);
            }
        }
    }

    private void writeLoop(String temporary) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running) {
            int file = random.nextInt(files.count());
            Path root = mountRoots.get(random.nextInt(mountRoots.size()));
            try {
                if (files.rewrite(file, root, temporary)) {
                    tally.writes.increment();
                }
                // Pacing, so that reads outnumber writes as in the workloads a cache is for.
                Thread.sleep(random.nextInt(100));
            } catch (IOException | RuntimeException e) {
                tally.error("write " + scheme(root), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String scheme(Path root) {
        return root.getFileSystem().provider().getScheme();
    }

    private static List<Integer> sizes(int file, long from, long to) {
        List<Integer> sizes = new ArrayList<>();
        for (long version = from; version <= to && sizes.size() < 4; version++) {
            sizes.add(SoakFiles.content(file, version).length);
        }
        return sizes;
    }
}
