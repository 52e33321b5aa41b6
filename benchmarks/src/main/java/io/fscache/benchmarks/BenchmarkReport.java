package io.fscache.benchmarks;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks in one go and prints the figures the project tracks, with their bars:
 * cached 256 KiB reads through the core against a plain ByteBuffer copy (ratio, bar 0.8), the
 * cookie cycle rate on two threads (bar 500 000/s), and the tiered cache against memory and disk
 * alone (tiered must beat disk; its memory tier's hit ratio within 5 points of Caffeine's). With
 * arguments, behaves as JMH's own main.
 */
public final class BenchmarkReport {

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Options options = new OptionsBuilder()
                .parent(new CommandLineOptions())
                .include(MemoryReadBenchmark.class.getSimpleName())
                .include(CookieCycleBenchmark.class.getSimpleName())
                .include(TieredBenchmark.class.getSimpleName())
                .build();
        Collection<RunResult> results = new Runner(options).run();
        report(results);
    }

    private static void report(Collection<RunResult> results) throws java.io.IOException {
        double cacheRead = score(results, "cacheRead");
        double copy = score(results, "byteBufferCopy");
        double cycles = score(results, "cycle");
        double cyclesWithLookup = score(results, "cycleWithLookup");
        System.out.println();
        System.out.printf("memory cache read / ByteBuffer copy (256 KiB): %.0f / %.0f ops/s = %.2f (bar 0.80)%n",
                cacheRead, copy, cacheRead / copy);
        System.out.printf("acquire+use+unuse+relinquish on 2 threads: %.0f cycles/s (bar 500000)%n", cycles);
        System.out.printf("  the same, waiting for each lookup to complete: %.0f cycles/s%n", cyclesWithLookup);
        double memory = score(results, "memoryAlone");
        double disk = score(results, "diskAlone");
        double tiered = score(results, "tiered");
        System.out.printf("Zipf 0.99 over twice the memory tier: memory alone %.0f, disk alone %.0f, tiered %.0f granules/s"
                + " (tiered/disk = %.2f, bar > 1)%n", memory, disk, tiered, tiered / disk);
        double[] ratios = TieredBenchmark.hitRatios();
        System.out.printf("memory-tier hit ratio %.1f%% vs Caffeine of the same size %.1f%% (bar: within 5 points)%n",
                100 * ratios[0], 100 * ratios[1]);
    }

    private static double score(Collection<RunResult> results, String method) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + method))
                .mapToDouble(r -> r.getPrimaryResult().getScore())
                .findFirst().orElseThrow(() -> new IllegalStateException("no result for " + method));
    }
}
