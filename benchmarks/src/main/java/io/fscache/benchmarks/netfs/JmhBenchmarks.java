package io.fscache.benchmarks.netfs;

import io.fscache.benchmarks.BenchmarkReport;
import java.nio.file.Path;
import java.util.List;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The JMH benchmarks ({@link BenchmarkReport}) as rows of the table: the memory backend's cached
 * reads against a plain copy, the cookie cycle rate, and the tiered cache against disk alone and
 * against Caffeine's hit ratio. JMH forks a JVM whose temporary files, like JMH's own report, go to
 * the run's scratch directory.
 */
final class JmhBenchmarks {

    private JmhBenchmarks() {
    }

    static List<Figure> run(BenchRun run) throws Exception {
        ChainedOptionsBuilder options = run.smoke() ? BenchmarkReport.smoke() : new OptionsBuilder();
        Path temporary = run.directory("jmh");
        // JMH's own report would interleave with the table on standard output: it goes to a file.
        options.jvmArgsAppend("-Djava.io.tmpdir=" + temporary).output(temporary.resolve("jmh.log").toString());
        BenchRun.log("JMH: memory backend reads, cookie cycles, tiered cache");
        BenchmarkReport.Scores s = BenchmarkReport.run(options, temporary);
        double hitGap = 100 * (s.memoryTierHitRatio() - s.caffeineHitRatio());
        return List.of(
                Figure.atLeast("-", "memory backend alone, cached 256 KiB reads through the core (JMH)",
                        String.format("%.0f ops/s", s.cacheRead()), String.format("ByteBuffer copy %.0f ops/s", s.copy()),
                        s.cacheRead() / s.copy(), 0.80),
                Figure.atLeast("-", "cookie acquire+use+unuse+relinquish on 2 threads (JMH)", String.format("%.0f cycles/s",
                        s.cycles()), "500 000 cycles/s", s.cycles() / 500_000, 1.0),
                new Figure("-", "tiered cache, Zipf 0.99 over twice its memory tier (JMH)", String.format("%.0f granules/s",
                        s.tiered()), String.format("disk alone %.0f granules/s", s.disk()),
                        String.format("%.2f", s.tiered() / s.disk()), "> 1.00", s.tiered() > s.disk()),
                new Figure("-", "tiered cache's memory-tier hit ratio", String.format("%.1f %%", 100 * s.memoryTierHitRatio()),
                        String.format("Caffeine of the same size %.1f %%", 100 * s.caffeineHitRatio()),
                        String.format("%+.1f points", hitGap), "within 5 points", Math.abs(hitGap) <= 5));
    }
}
