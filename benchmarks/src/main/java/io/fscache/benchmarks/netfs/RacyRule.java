package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the racy-timestamp rule costs a warm reader of an old file: two clients of the same export,
 * one with the default {@code racy.window} and one whose mount trusts every timestamp
 * ({@code racy.window=0}), read the cached file in alternating pairs; bar 0.95 at the median.
 */
final class RacyRule {

    private static final String FILE = "racy.bin";

    private RacyRule() {
    }

    static List<Figure> run(BenchRun run) throws IOException, InterruptedException {
        BenchRun.writeRandom(run.export().resolve(FILE), run.size());
        List<Figure> figures = new ArrayList<>();
        for (Target target : run.targets()) {
            if (target.options().containsKey("racy.window")) {
                BenchRun.log(target.protocol() + ": no racy figure, its mounts take racy.window="
                        + target.options().get("racy.window") + " themselves");
                continue;
            }
            BenchRun.log(target.protocol() + ": warm reads with the racy-timestamp rule, alternating with reads without it");
            try (BenchClient withRule = new BenchClient(target, run.export(), BenchClient.Cache.MEMORY, run.size(), null,
                    Map.of());
                    BenchClient without = new BenchClient(target, run.export(), BenchClient.Cache.MEMORY, run.size(), null,
                            Map.of("racy.window", "0"))) {
                for (BenchClient client : List.of(withRule, without)) {
                    Passes.read(client.path("/" + FILE));
                    client.awaitCached("/" + FILE, run.size());
                    Passes.read(client.path("/" + FILE));
                }
                Path with = withRule.path("/" + FILE);
                Path trusting = without.path("/" + FILE);
                Pairs pairs = Pairs.measure(run.scale(15, 3), run.size(), () -> Passes.read(with), () -> Passes.read(trusting));
                figures.add(pairs.figure("-", target.protocol() + " warm reads with the racy-timestamp rule (racy.window=2s)",
                        "racy.window=0", 0.95));
            }
        }
        return figures;
    }
}
