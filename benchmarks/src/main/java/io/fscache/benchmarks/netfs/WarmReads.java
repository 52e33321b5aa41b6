package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Goal 1: warm reads through a mount whose cache holds the whole file, for each protocol and each
 * cache (memory, cachefiles). Sequential 1 MiB reads against the export file read directly (the
 * kernel's page cache: bars 0.9 at the median and 0.8 at the minimum of the pairs) and against the
 * in-process anchor, a plain copy of the same bytes from off-heap memory into the reader's buffer
 * (the engine's own overhead: bar 0.95). Random 4 KiB reads: p50 and p99 against {@code FileChannel}
 * pread of the export file (bar 2x, which the issue leaves open). As for cold reads, the pairs begin
 * once our passes are in steady state ({@link SteadyState}); the figure says how many passes that took.
 * Each side of a sequential pair is the fastest of {@value #TRIES} alternating passes
 * ({@link Pairs#measureBest}): a pass lasts a few milliseconds, and one disturbed pass decided a pair.
 *
 * <p>A pass opens its file once, so a few hundred passes leave the open path (the close-to-open
 * round trip to the server and our code around it) to the interpreter and C1, where a server that
 * has been up a while runs it compiled by C2. Before the passes, the file is therefore opened and
 * closed {@value #OPENS} times, each a real round trip: over NFSv3 with the memory cache, an open
 * after a pass of the export file took 1.48 ms at the median without this and 0.93 ms with it, and
 * a close 89 µs and 7 µs. Every pass still makes its round trip.
 */
final class WarmReads {

    private static final String FILE = "warm.bin";
    /** Passes per side of a pair ({@link Pairs#measureBest}). */
    private static final int TRIES = 3;
    /** Opens and closes of the file before the passes, so the JIT compiles the open path (see above). */
    private static final int OPENS = 20_000;

    private WarmReads() {
    }

    static List<Figure> run(BenchRun run) throws IOException, InterruptedException {
        Path file = BenchRun.writeRandom(run.export().resolve(FILE), run.size());
        ByteBuffer bytes = Passes.load(file);
        int rounds = run.scale(21, 3);
        List<Figure> figures = new ArrayList<>();
        for (Target target : run.targets()) {
            target.publish(run.export(), FILE);
            for (BenchClient.Cache cache : BenchClient.Cache.values()) {
                String what = target.protocol() + " " + cache.name().toLowerCase() + ", warm";
                BenchRun.log(what + ": filling the cache, " + run.scale(OPENS, 10) + " opens of the file, passes until steady, then "
                        + rounds + " pairs against the export file and the copy");
                try (BenchClient client = new BenchClient(target, run.export(), cache, run.size(),
                        run.scratch().root().resolve("warm-cache"), Map.of())) {
                    Path mounted = client.path("/" + FILE);
                    Passes.read(mounted);
                    client.awaitCached("/" + FILE, run.size());
                    Passes.openAndClose(mounted, run.scale(OPENS, 10));
                    String steady = SteadyState.reach(run, run.scale(600, 3), 2, run.size(), () -> Passes.read(mounted));
                    Pairs direct = Pairs.measureBest(rounds, TRIES, run.size(), () -> Passes.read(mounted),
                            () -> Passes.readLocal(file));
                    Pairs copy = Pairs.measureBest(rounds, TRIES, run.size(), () -> Passes.read(mounted), () -> Passes.copy(bytes));
                    figures.add(direct.figure("1", what + " 1 MiB sequential (" + steady + ", best of " + TRIES
                            + " passes a side per pair) / export file", "export file", 0.90, 0.80));
                    figures.add(copy.figure("1", what + " 1 MiB sequential / in-process copy", "off-heap copy", 0.95));
                    RandomReads.Result random;
                    try (FileChannel ours = FileChannel.open(mounted, StandardOpenOption.READ);
                            FileChannel export = FileChannel.open(file)) {
                        random = RandomReads.measure(run, run.size(), run.scale(20_000, 1_000), RandomReads.pread(ours),
                                RandomReads.pread(export));
                    }
                    figures.add(random.p50("1", what + " 4 KiB random", "export pread", 2.0));
                    figures.add(random.p99("1", what + " 4 KiB random", "export pread", 2.0));
                }
            }
        }
        return figures;
    }
}
