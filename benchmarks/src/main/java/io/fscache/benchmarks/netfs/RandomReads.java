package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Latency of random 4 KiB positional reads, ours against an anchor, in alternating blocks of 1 000
 * reads over the same positions (4 KiB aligned, a fixed seed), once ours is steady. Reports p50 and
 * p99 of each side.
 */
final class RandomReads {

    static final int BLOCK = 4096;
    private static final int BATCH = 1_000;
    /** Uncounted rounds before the counted one: at least, and at most ({@link #measure}). */
    private static final int MIN_ROUNDS = 25;
    private static final int MAX_ROUNDS = 60;
    private static final double SPREAD = 0.15;

    /** One positional read of 4 KiB into {@code dst} at {@code position}. */
    @FunctionalInterface
    interface Read {
        void read(long position, ByteBuffer dst) throws IOException;
    }

    /**
     * p50 and p99 in nanoseconds of ours and the anchor's, and how many uncounted rounds ours took to
     * be steady ({@link #measure}).
     */
    record Result(double oursP50, double oursP99, double anchorP50, double anchorP99, String steady) {

        Figure p50(String goal, String what, String anchorName, double bar) {
            return Figure.atMost(goal, what + " (" + steady + "), p50", Figure.micros(oursP50),
                    anchorName + " " + Figure.micros(anchorP50), oursP50 / anchorP50, bar);
        }

        Figure p99(String goal, String what, String anchorName, double bar) {
            return Figure.atMost(goal, what + " (" + steady + "), p99", Figure.micros(oursP99),
                    anchorName + " " + Figure.micros(anchorP99), oursP99 / anchorP99, bar);
        }
    }

    private RandomReads() {
    }

    /**
     * {@code reads} reads on each side (a multiple of 1 000), after uncounted rounds of as many until
     * ours is steady: at least {@value #MIN_ROUNDS}, then until the p99 of the last three lies within
     * 15 % of their median and the JIT compiled for less than 5 % of their time, at most
     * {@value #MAX_ROUNDS}. A fixed count was not enough: through the memory cache over NFS, p99 stayed
     * at 14-28 µs (pread's: 3) for 10 to 18 rounds of 20 000, until C2 compiled Caffeine's
     * maintenance (it runs on the reader's thread once every few reads, and rarely enough that the JIT
     * reaches it late), then fell to 2.1-3.7 µs; the p50 was the same throughout. Nor were five
     * rounds: the slow ones were steady among themselves, and the JIT, which had not yet reached the
     * maintenance, was quiet in them. This shows only in a JVM's first memory cache.
     */
    static Result measure(BenchRun run, long fileSize, int reads, Read ours, Read anchor) throws IOException {
        long[] positions = new long[reads];
        SplittableRandom random = new SplittableRandom(15);
        long blocks = fileSize / BLOCK;
        for (int i = 0; i < reads; i++) {
            positions[i] = random.nextLong(blocks) * BLOCK;
        }
        ByteBuffer dst = ByteBuffer.allocateDirect(BLOCK);
        long[] oursNanos = new long[reads];
        long[] anchorNanos = new long[reads];
        String steady = warmUp(run, positions, dst, ours, anchor);
        for (int from = 0; from < reads; from += BATCH) {
            time(ours, positions, from, dst, oursNanos);
            time(anchor, positions, from, dst, anchorNanos);
        }
        Arrays.sort(oursNanos);
        Arrays.sort(anchorNanos);
        return new Result(percentile(oursNanos, 50), percentile(oursNanos, 99), percentile(anchorNanos, 50),
                percentile(anchorNanos, 99), steady);
    }

    /** Uncounted rounds until ours is steady (see {@link #measure}); "steady after N rounds" or "not steady ...". */
    private static String warmUp(BenchRun run, long[] positions, ByteBuffer dst, Read ours, Read anchor) throws IOException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int max = run.smoke() ? MIN_ROUNDS : MAX_ROUNDS;
        double[] p99s = new double[max];
        long[] roundNanos = new long[max];
        long[] compiledMillis = new long[max];
        long[] oursNanos = new long[positions.length];
        long[] anchorNanos = new long[positions.length];
        for (int round = 0; round < max; round++) {
            long compiledBefore = jit.getTotalCompilationTime();
            long start = System.nanoTime();
            for (int from = 0; from < positions.length; from += BATCH) {
                time(ours, positions, from, dst, oursNanos);
                time(anchor, positions, from, dst, anchorNanos);
            }
            roundNanos[round] = System.nanoTime() - start;
            compiledMillis[round] = jit.getTotalCompilationTime() - compiledBefore;
            Arrays.sort(oursNanos);
            p99s[round] = percentile(oursNanos, 99);
            if (round + 1 >= MIN_ROUNDS && steady(p99s, roundNanos, compiledMillis, round)) {
                log(p99s, round + 1, "");
                return "steady after " + (round + 1) + " rounds";
            }
        }
        log(p99s, max, " (not steady)");
        return "not steady after " + max + " rounds";
    }

    private static boolean steady(double[] p99s, long[] roundNanos, long[] compiledMillis, int last) {
        long nanos = 0;
        long compiled = 0;
        for (int i = last - 2; i <= last; i++) {
            nanos += roundNanos[i];
            compiled += compiledMillis[i];
        }
        double[] lastThree = Arrays.copyOfRange(p99s, last - 2, last + 1);
        double median = ReadTimer.median(lastThree);
        return compiled * 1e6 < 0.05 * nanos && Arrays.stream(lastThree).allMatch(p99 -> Math.abs(p99 - median) <= SPREAD * median);
    }

    private static void log(double[] p99s, int rounds, String suffix) {
        BenchRun.log("  random rounds, our p99 in µs: " + Arrays.toString(Arrays.stream(p99s, 0, rounds)
                .mapToObj(p99 -> String.format("%.1f", p99 / 1e3)).toArray()) + suffix);
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
