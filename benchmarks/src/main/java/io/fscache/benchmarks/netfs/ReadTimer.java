package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.util.Arrays;

/** Times whole-file reads and reports their throughput. */
final class ReadTimer {

    /** One way of reading the file once, returning the bytes read. */
    @FunctionalInterface
    interface Pass {
        long read() throws IOException;
    }

    private ReadTimer() {
    }

    /**
     * Runs a pass {@code rounds} times (each after {@code before}) and returns the median
     * throughput in MiB/s.
     *
     * @throws IllegalStateException if a pass reads other than {@code expected} bytes
     */
    static double medianMiBps(int rounds, long expected, Runnable before, Pass pass) throws IOException {
        double[] rates = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            before.run();
            rates[i] = miBps(expected, pass);
        }
        return median(rates);
    }

    /** Runs a pass once and returns its throughput in MiB/s. */
    static double miBps(long expected, Pass pass) throws IOException {
        long start = System.nanoTime();
        long bytes = pass.read();
        long nanos = System.nanoTime() - start;
        if (bytes != expected) {
            throw new IllegalStateException("a pass read " + bytes + " bytes, expected " + expected);
        }
        return bytes / (1024.0 * 1024.0) / (nanos / 1e9);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
