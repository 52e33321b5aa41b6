package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Goal 4: 16 readers, each reading a different file of the same mount at once (1 MiB sequential
 * reads), cold (each file's modification time moved on the server first) and warm (all cached);
 * total throughput against the same 16 readers reading the export directory, paired once our passes
 * are in steady state ({@link SteadyState}), as goals 1 and 2 are. Bars (the issue sets
 * none): warm 0.9 at the median, as goal 1; cold 0.1, since the cold files cross loopback to a server
 * on the same cores while the export's are in the page cache.
 */
final class ParallelReads {

    private static final int READERS = 16;

    private ParallelReads() {
    }

    static List<Figure> run(BenchRun run) throws IOException, InterruptedException {
        long fileSize = run.size() / READERS;
        List<String> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            names.add("/parallel/" + i + ".bin");
            files.add(BenchRun.writeRandom(run.export().resolve("parallel").resolve(i + ".bin"), fileSize));
        }
        long total = fileSize * READERS;
        int rounds = run.scale(5, 1);
        List<Figure> figures = new ArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(READERS);
        try {
            for (Target target : run.targets()) {
                BenchRun.log(target.protocol() + ": 16 readers, cold then warm, " + rounds + " pairs each");
                for (String name : names) {
                    target.publish(run.export(), name.substring(1));
                }
                try (BenchClient client = new BenchClient(target, run.export(), BenchClient.Cache.MEMORY, 2 * total, null,
                        Map.of())) {
                    ReadTimer.Pass direct = () -> all(readers, files, Passes::readLocal);
                    ReadTimer.Pass cold = () -> {
                        for (String name : names) {
                            target.change(run.export(), name.substring(1));
                        }
                        return all(readers, names.stream().map(client::path).toList(), Passes::read);
                    };
                    String coldSteady = SteadyState.reach(run, run.scale(200, 2), 0, total, cold);
                    Pairs coldPairs = Pairs.measure(rounds, total, cold, direct);
                    for (String name : names) {
                        client.awaitCached(name, fileSize);
                    }
                    ReadTimer.Pass warm = () -> all(readers, names.stream().map(client::path).toList(), Passes::read);
                    String warmSteady = SteadyState.reach(run, run.scale(600, 3), 2, total, warm);
                    Pairs warmPairs = Pairs.measure(rounds, total, warm, direct);
                    String what = target.protocol() + " 16 readers of 16 " + (fileSize >> 20) + " MiB files";
                    figures.add(coldPairs.figure("4", what + ", cold (" + coldSteady + ")", "export directory", 0.10));
                    figures.add(warmPairs.figure("4", what + ", warm (" + warmSteady + ")", "export directory", 0.90));
                }
            }
        } finally {
            readers.shutdownNow();
        }
        return figures;
    }

    /** Reads each file on its own reader at once; returns the bytes read in all. */
    private static long all(ExecutorService readers, List<Path> files, Reader reader) throws IOException {
        List<Future<Long>> results = new ArrayList<>();
        for (Path file : files) {
            results.add(readers.submit(() -> reader.read(file)));
        }
        long total = 0;
        try {
            for (Future<Long> result : results) {
                total += result.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("a reader failed: " + e.getCause(), e.getCause());
        }
        return total;
    }

    @FunctionalInterface
    private interface Reader {
        long read(Path file) throws IOException;
    }
}
