package io.fscache.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks in one go and prints the figures the project tracks, with their bars:
 * cached 256 KiB reads through the core against a plain ByteBuffer copy (ratio, bar 0.8), the
 * cookie cycle rate on two threads (bar 500 000/s), and the tiered cache against memory and disk
 * alone (tiered must beat disk; its memory tier's hit ratio within 5 points of Caffeine's). With
 * arguments, behaves as JMH's own main. {@code NetfsReadReport} runs the same and puts the figures in
 * its table.
 */
public final class BenchmarkReport {

    /** The figures, from one JMH run. */
    public record Scores(double cacheRead, double copy, double cycles, double cyclesWithLookup, double memory,
            double disk, double tiered, double memoryTierHitRatio, double caffeineHitRatio) {
    }

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Scores scores = run(new OptionsBuilder().parent(new CommandLineOptions()), Path.of(System.getProperty("java.io.tmpdir")));
        System.out.println();
        System.out.printf("memory cache read / ByteBuffer copy (256 KiB): %.0f / %.0f ops/s = %.2f (bar 0.80) %s%n",
                scores.cacheRead, scores.copy, scores.cacheRead / scores.copy, verdict(scores.cacheRead / scores.copy >= 0.8));
        System.out.printf("acquire+use+unuse+relinquish on 2 threads: %.0f cycles/s (bar 500000) %s%n", scores.cycles,
                verdict(scores.cycles >= 500_000));
        System.out.printf("  the same, waiting for each lookup to complete: %.0f cycles/s%n", scores.cyclesWithLookup);
        System.out.printf("Zipf 0.99 over twice the memory tier: memory alone %.0f, disk alone %.0f, tiered %.0f granules/s"
                + " (tiered/disk = %.2f, bar > 1) %s%n", scores.memory, scores.disk, scores.tiered, scores.tiered / scores.disk,
                verdict(scores.tiered > scores.disk));
        System.out.printf("memory-tier hit ratio %.1f%% vs Caffeine of the same size %.1f%% (bar: within 5 points) %s%n",
                100 * scores.memoryTierHitRatio, 100 * scores.caffeineHitRatio,
                verdict(Math.abs(scores.memoryTierHitRatio - scores.caffeineHitRatio) <= 0.05));
    }

    /**
     * Runs the benchmarks with the given options (JMH's command line, or a short smoke run: one
     * second of warm-up and one of measurement each) and returns the figures. The hit ratios are
     * measured in this JVM, with a cache directory under {@code temporary}.
     */
    public static Scores run(ChainedOptionsBuilder options, Path temporary) throws RunnerException, IOException {
        Collection<RunResult> results = new Runner(options
                .include(MemoryReadBenchmark.class.getSimpleName())
                .include(CookieCycleBenchmark.class.getSimpleName())
                .include(TieredBenchmark.class.getSimpleName())
                .build()).run();
        double[] ratios = TieredBenchmark.hitRatios(temporary);
        return new Scores(score(results, "cacheRead"), score(results, "byteBufferCopy"), score(results, "cycle"),
                score(results, "cycleWithLookup"), score(results, "memoryAlone"), score(results, "diskAlone"),
                score(results, "tiered"), ratios[0], ratios[1]);
    }

    /** Options for a smoke run: each benchmark one second of warm-up and one of measurement. */
    public static ChainedOptionsBuilder smoke() {
        return new OptionsBuilder().warmupIterations(1).warmupTime(TimeValue.seconds(1)).measurementIterations(1)
                .measurementTime(TimeValue.seconds(1));
    }

    private static String verdict(boolean pass) {
        return pass ? "PASS" : "FAIL";
    }

    private static double score(Collection<RunResult> results, String method) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + method))
                .mapToDouble(r -> r.getPrimaryResult().getScore())
                .findFirst().orElseThrow(() -> new IllegalStateException("no result for " + method));
    }
}
