package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Latency of random 4 KiB positional reads, ours against an anchor, in alternating blocks of 1 000
 * reads over the same positions (4 KiB aligned, a fixed seed). Reports p50 and p99 of each side.
 */
final class RandomReads {

    static final int BLOCK = 4096;
    private static final int BATCH = 1_000;
    private static final int UNCOUNTED_ROUNDS = 5;

    /** One positional read of 4 KiB into {@code dst} at {@code position}. */
    @FunctionalInterface
    interface Read {
        void read(long position, ByteBuffer dst) throws IOException;
    }

    /** p50 and p99 in nanoseconds of ours and the anchor's. */
    record Result(double oursP50, double oursP99, double anchorP50, double anchorP99) {

        Figure p50(String goal, String what, String anchorName, double bar) {
            return Figure.atMost(goal, what + ", p50", Figure.micros(oursP50), anchorName + " " + Figure.micros(anchorP50),
                    oursP50 / anchorP50, bar);
        }

        Figure p99(String goal, String what, String anchorName, double bar) {
            return Figure.atMost(goal, what + ", p99", Figure.micros(oursP99), anchorName + " " + Figure.micros(anchorP99),
                    oursP99 / anchorP99, bar);
        }
    }

    private RandomReads() {
    }

    /**
     * {@code reads} reads on each side (a multiple of 1 000), after {@value #UNCOUNTED_ROUNDS} uncounted
     * rounds of as many. One uncounted block of 1 000 was too few: through a memory cache over NFS,
     * rounds of 20 000 in one process gave p99 1.8-1.9x of pread for the first four and 1.0x from
     * the fifth on.
     */
    static Result measure(long fileSize, int reads, Read ours, Read anchor) throws IOException {
        long[] positions = new long[reads];
        SplittableRandom random = new SplittableRandom(15);
        long blocks = fileSize / BLOCK;
        for (int i = 0; i < reads; i++) {
            positions[i] = random.nextLong(blocks) * BLOCK;
        }
        ByteBuffer dst = ByteBuffer.allocateDirect(BLOCK);
        long[] oursNanos = new long[reads];
        long[] anchorNanos = new long[reads];
        long[] uncounted = new long[reads];
        for (int round = 0; round < UNCOUNTED_ROUNDS; round++) {
            for (int from = 0; from < reads; from += BATCH) {
                time(ours, positions, from, dst, uncounted);
                time(anchor, positions, from, dst, uncounted);
            }
        }
        for (int from = 0; from < reads; from += BATCH) {
            time(ours, positions, from, dst, oursNanos);
            time(anchor, positions, from, dst, anchorNanos);
        }
        Arrays.sort(oursNanos);
        Arrays.sort(anchorNanos);
        return new Result(percentile(oursNanos, 50), percentile(oursNanos, 99), percentile(anchorNanos, 50),
                percentile(anchorNanos, 99));
    }

    /** The anchor: {@code FileChannel} pread of a local file. */
    static Read pread(FileChannel channel) {
        return (position, dst) -> {
            while (dst.hasRemaining() && channel.read(dst, position + dst.position()) > 0) {
                // a short read continues
            }
        };
    }

    private static void time(Read read, long[] positions, int from, ByteBuffer dst, long[] nanos) throws IOException {
        int to = Math.min(positions.length, from + BATCH);
        for (int i = from; i < to; i++) {
            dst.clear();
            long start = System.nanoTime();
            read.read(positions[i], dst);
            nanos[i] = System.nanoTime() - start;
            if (dst.position() != BLOCK) {
                throw new IllegalStateException("a 4 KiB read at " + positions[i] + " returned " + dst.position() + " bytes");
            }
        }
    }

    private static double percentile(long[] sorted, int percent) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
    }
}
