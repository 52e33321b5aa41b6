package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Goal 3: sequential 1 MiB writes of a large new file through a mount (memory cache), in
 * writethrough and writeback mode (the {@code mode} mount option; the time includes the close, which
 * flushes writeback), against the server's own C client writing the same bytes from a local file:
 * {@code smbclient put}, libnfs's {@code nfs-cp} or OpenAFS's {@code afsio write}, bar 1.0. diod ships no client that writes, so 9P is measured against the
 * export file written directly ({@code FileChannel}), bar 0.5 (ours, which the issue leaves open).
 * As for cold reads, the pairs begin once our passes are in steady state ({@link SteadyState}): a
 * JVM's first 256 MiB writes through a write-back mount ran at 60-230 MiB/s while its heap grew
 * (each page touched for the first time) and at 400-620 once it had.
 */
final class Writes {

    private Writes() {
    }

    static List<Figure> run(BenchRun run) throws IOException {
        Path source = BenchRun.writeRandom(run.directory("write-source").resolve("source.bin"), run.size());
        ByteBuffer bytes = Passes.load(source);
        int rounds = run.scale(5, 1);
        List<Figure> figures = new ArrayList<>();
        for (Target target : run.targets()) {
            for (String mode : List.of("writethrough", "writeback")) {
                String what = target.protocol() + " " + mode + ", " + (run.size() >> 20) + " MiB sequential write";
                BenchRun.log(what + ": passes until steady, then " + rounds + " pairs");
                try (BenchClient client = new BenchClient(target, run.export(), BenchClient.Cache.MEMORY, run.size(), null,
                        Map.of("mode", mode))) {
                    Path mounted = client.path("/written-" + mode + ".bin");
                    ReadTimer.Pass ours = () -> Passes.write(mounted, bytes, run.size());
                    String steady = SteadyState.reach(run, run.scale(30, 1), 0, run.size(), ours);
                    String figure = what + " (" + steady + ")";
                    Pairs pairs;
                    if (target.toolWriteName() != null) {
                        pairs = Pairs.measure(rounds, run.size(), ours, () -> {
                            target.toolWrite(source, "written-by-tool.bin");
                            return run.size();
                        });
                        figures.add(pairs.figure("3", figure, target.toolWriteName(), 1.0));
                    } else {
                        Path direct = run.export().resolve("written-directly.bin");
                        pairs = Pairs.measure(rounds, run.size(), ours, () -> Passes.write(direct, bytes, run.size()));
                        figures.add(pairs.figure("3", figure, "export written directly", 0.5));
                    }
                }
            }
        }
        for (String name : List.of("written-writethrough.bin", "written-writeback.bin", "written-by-tool.bin",
                "written-directly.bin")) {
            Files.deleteIfExists(run.export().resolve(name));
        }
        return figures;
    }
}
