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
     * median and the JIT compiled for less than 5 % of the last one's time, at most {@code max}; logs
     * the rates. Three slow passes alike are not enough: while the compilers run, passes can be
     * equally slow. Short passes need the time floor: warm passes of 64 MiB kept speeding up, from
     * 0.5 to 1.0 of the page cache's rate, over the first two seconds of passes, while each pass
     * looked steady against the two before it.
     *
     * @return "steady after N passes", or "not steady after N passes" if {@code max} ran out
     */
    static String reach(BenchRun run, int max, double minSeconds, long bytes, ReadTimer.Pass pass) throws IOException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        double[] rates = new double[max];
        long floor = System.nanoTime() + (run.smoke() ? 0 : (long) (minSeconds * 1e9));
        for (int i = 0; i < max; i++) {
            long compiledBefore = jit.getTotalCompilationTime();
            long start = System.nanoTime();
            rates[i] = ReadTimer.miBps(bytes, pass);
            double passMillis = (System.nanoTime() - start) / 1e6;
            boolean compiling = jit.getTotalCompilationTime() - compiledBefore > 0.05 * passMillis;
            if (i >= 2 && !compiling && System.nanoTime() >= floor) {
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

    /** The rates of the passes, the middle left out when there are many. */
    private static String rounded(double[] rates, int count) {
        if (count <= 15) {
            return Arrays.toString(Arrays.stream(rates, 0, count).mapToLong(Math::round).toArray());
        }
        return Arrays.toString(Arrays.stream(rates, 0, 3).mapToLong(Math::round).toArray()) + " ... "
                + Arrays.toString(Arrays.stream(rates, count - 10, count).mapToLong(Math::round).toArray());
    }
}
