package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The JVM's health at one moment: heap in use after a full collection, direct buffer memory, live
 * threads and open file descriptors (Linux: {@code /proc/self/fd}). Sizes in bytes.
 */
record SoakVitals(long heap, long direct, int threads, long fds) {

    private static final long MIB = 1 << 20;

    static SoakVitals sample() {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return new SoakVitals(heap, direct, Thread.activeCount(), openFileDescriptors());
    }

    /**
     * Where this sample has grown past {@code baseline} (taken after warm-up) by more than the bounds:
     * heap by 64 MiB or half, direct memory by 64 MiB, threads by 8, descriptors by 64 plus
     * {@code openObjects}: each open cachefiles object holds one, and whether they are open depends
     * on which cache is live at the moment of the sample. Empty if flat.
     */
    List<String> growthSince(SoakVitals baseline, int openObjects) {
        List<String> grown = new ArrayList<>();
        if (heap > baseline.heap + Math.max(64 * MIB, baseline.heap / 2)) {
            grown.add("heap " + baseline.heap / MIB + " -> " + heap / MIB + " MiB");
        }
        if (direct > baseline.direct + 64 * MIB) {
            grown.add("direct memory " + baseline.direct / MIB + " -> " + direct / MIB + " MiB");
        }
        if (threads > baseline.threads + 8) {
            grown.add("threads " + baseline.threads + " -> " + threads);
        }
        if (fds > baseline.fds + openObjects + 64) {
            grown.add("file descriptors " + baseline.fds + " -> " + fds);
        }
        return grown;
    }

    private static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
