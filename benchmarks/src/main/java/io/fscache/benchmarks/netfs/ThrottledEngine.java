package io.fscache.benchmarks.netfs;

import io.fscache.netfs.NetfsUri;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Goal 6(b): the engine alone, over {@link ThrottledFilesystem} (2 ms per request, a 200 MB/s link):
 * one sequential reader of a cold file (1 MiB reads through a mount with a memory cache) must reach
 * 85 % of the link's cap, which takes a deep enough readahead pipeline; the figure names the most
 * requests that were in flight at once.
 */
final class ThrottledEngine {

    private static final long CAP = 200_000_000L;
    private static final long LATENCY_NANOS = 2_000_000L;

    private ThrottledEngine() {
    }

    static List<Figure> run(BenchRun run) throws IOException {
        long size = run.size() / 2;
        ThrottledFilesystem server = new ThrottledFilesystem(size, LATENCY_NANOS, CAP);
        try (BenchClient client = new BenchClient(server, NetfsUri.parse("bench://server/export"), Map.of(),
                BenchClient.Cache.MEMORY, size, null, Map.of())) {
            Path file = client.path(ThrottledFilesystem.FILE);
            ReadTimer.Pass cold = () -> {
                server.change();
                return Passes.read(file);
            };
            BenchRun.log("engine over a 2 ms, 200 MB/s server: one uncounted pass, then cold passes");
            cold.read();
            server.resetPeak();
            double miBps = ReadTimer.medianMiBps(run.scale(5, 1), size, () -> { }, cold);
            double bytesPerSecond = miBps * (1 << 20);
            return List.of(Figure.atLeast("6b", "engine, one cold sequential reader over 2 ms / 200 MB/s (" + (size >> 20)
                    + " MiB)", String.format("%.0f MB/s, peak %d in flight", bytesPerSecond / 1e6, server.peakInFlight()),
                    "link cap 200 MB/s", bytesPerSecond / CAP, 0.85));
        }
    }
}
