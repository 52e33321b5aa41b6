package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Runs passes of a measurement until it is in steady state, so pairs against a C client or the
 * kernel compare our code after the JIT compiled it (the rule for cold reads: "measure
 * steady state, and say how many passes that took").
 */
final class SteadyState {

    private static final double SPREAD = 0.15;

    private SteadyState() {
    }

    /**
     * Runs passes for at least {@code minSeconds}, then until the last three lie within 15 % of their
     * median and the JIT compiled for less than 5 % of their time, at most {@code max}; logs the
     * rates. Three slow passes alike are not enough: while the compilers run, passes can be equally
     * slow. Nor is one quiet pass: in cold NFS reads the C2 compiler ran for 100-200 ms of most 170 ms
     * passes over the first nine seconds, with a quiet pass now and then, and the rate rose from
     * 1300 to 1800 MiB/s until it stopped. Short passes need the time floor: warm passes of 64 MiB
     * kept speeding up, from 0.5 to 1.0 of the page cache's rate, over the first two seconds of
     * passes, while each pass looked steady against the two before it.
     *
     * @return "steady after N passes", or "not steady after N passes" if {@code max} ran out
     */
    static String reach(BenchRun run, int max, double minSeconds, long bytes, ReadTimer.Pass pass) throws IOException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        double[] rates = new double[max];
        long[] passNanos = new long[max];
        long[] compiledMillis = new long[max];
        long floor = System.nanoTime() + (run.smoke() ? 0 : (long) (minSeconds * 1e9));
        for (int i = 0; i < max; i++) {
            long compiledBefore = jit.getTotalCompilationTime();
            long start = System.nanoTime();
            rates[i] = ReadTimer.miBps(bytes, pass);
            passNanos[i] = System.nanoTime() - start;
            compiledMillis[i] = jit.getTotalCompilationTime() - compiledBefore;
            if (i >= 2 && System.nanoTime() >= floor && !compiling(passNanos, compiledMillis, i)) {
                double[] last = Arrays.copyOfRange(rates, i - 2, i + 1);
                double median = ReadTimer.median(last);
                if (Arrays.stream(last).allMatch(rate -> Math.abs(rate - median) <= SPREAD * median)) {
                    BenchRun.log("  passes " + rounded(rates, i + 1) + " MiB/s");
                    return "steady after " + (i + 1) + " passes";
                }
            }
        }
        BenchRun.log("  passes " + rounded(rates, max) + " MiB/s (not steady)");
        return "not steady after " + max + " passes";
    }

    /** Whether the JIT compiled for 5 % or more of the time of the three passes up to {@code last}. */
    private static boolean compiling(long[] passNanos, long[] compiledMillis, int last) {
        long nanos = 0;
        long compiled = 0;
        for (int i = last - 2; i <= last; i++) {
            nanos += passNanos[i];
            compiled += compiledMillis[i];
        }
        return compiled * 1e6 >= 0.05 * nanos;
    }

    /** The rates of the passes, the middle left out when there are many. */
    private static String rounded(double[] rates, int count) {
        if (count <= 15) {
            return Arrays.toString(Arrays.stream(rates, 0, count).mapToLong(Math::round).toArray());
        }
        return Arrays.toString(Arrays.stream(rates, 0, 3).mapToLong(Math::round).toArray()) + " ... "
                + Arrays.toString(Arrays.stream(rates, count - 10, count).mapToLong(Math::round).toArray());
    }
}
