package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Goal 2: cold sequential reads of a large file through a mount (memory cache; before each pass the
 * file changes on the server ({@link Target#change}), so the open invalidates and every byte comes from
 * the server) against the server's own C client ({@code diodcat}, {@code smbclient get}, {@code afsio read}); bar 1.0 at
 * the median of the pairs (NFS: libnfs's {@code nfs-cp} into memory, which keeps a copy as our
 * cache does, and {@code nfs-cat} into /dev/null, which keeps none, each its own row). Measured in steady state: after one cold pass of another file, cold
 * passes run until three in a row lie within 15 % of their median and the JIT compiled for less
 * than 5 % of their time ({@link SteadyState}), and the figure says how many passes that took. A protocol over UDP
 * (AFS) is also read through a lossy relay ({@link LossyReads}).
 */
final class ColdReads {

    private static final String FILE = "cold.bin";
    private static final String WARM_UP = "cold-warm-up.bin";

    private ColdReads() {
    }

    /** A C client's pass over the file, and what its row adds to the figure's name. */
    private record Anchor(String name, String what, ReadTimer.Pass pass) {
    }

    static List<Figure> run(BenchRun run) throws IOException, InterruptedException {
        BenchRun.writeRandom(run.export().resolve(FILE), run.size());
        BenchRun.writeRandom(run.export().resolve(WARM_UP), run.size());
        List<Figure> figures = new ArrayList<>();
        for (Target target : run.targets()) {
            target.publish(run.export(), FILE);
            target.publish(run.export(), WARM_UP);
            try (BenchClient client = new BenchClient(target, run.export(), BenchClient.Cache.MEMORY, 2 * run.size(),
                    null, Map.of())) {
                BenchRun.log(target.protocol() + " cold: a pass of another file, then passes until steady");
                Passes.read(client.path("/" + WARM_UP));
                ReadTimer.Pass cold = () -> {
                    target.change(run.export(), FILE);
                    return Passes.read(client.path("/" + FILE));
                };
                String steady = SteadyState.reach(run, run.scale(200, 2), 0, run.size(), cold);
                BenchRun.log(target.protocol() + " cold: " + steady + "; pairs against " + target.toolName());
                List<Anchor> anchors = new ArrayList<>();
                anchors.add(new Anchor(target.toolName(), " (" + steady + ")", () -> {
                    target.toolRead(run.export(), FILE);
                    return run.size();
                }));
                if (target.toolStreamName() != null) {
                    anchors.add(new Anchor(target.toolStreamName(), " / a client that keeps nothing", () -> {
                        target.toolStream(run.export(), FILE);
                        return run.size();
                    }));
                }
                for (Anchor anchor : anchors) {
                    Pairs pairs = Pairs.measure(run.scale(5, 1), run.size(), cold, anchor.pass());
                    figures.add(pairs.figure("2", target.protocol() + " cold " + (run.size() >> 20) + " MiB sequential"
                            + anchor.what(), anchor.name(), 1.0));
                }
            }
            if (target.datagramServer() != null) {
                figures.add(LossyReads.run(run, target, FILE));
            }
        }
        return figures;
    }
}
