package io.fscache.benchmarks.netfs;

import io.fscache.netfs.FscacheFileAttributeView;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Goal 5: metadata of a directory of 2 000 small files, calling what the shell's commands call.
 * {@code netfs:ls -l}: a directory stream, then each entry's basic attributes; against the server's
 * own client listing with attributes ({@code smbclient -c ls}, bar 1.5x; {@code diodls -l}, the same
 * bar); each tool run includes its process start. {@code netfs:warm} of the directory once the cache
 * holds it (after two passes): a walk, each file's hold in the cache, then each file the cache does
 * not hold whole read to its end (none, once warm); bar under 1 s, beside the same walk of the export
 * directory, which reads every file. Its figure says how much a pass still read
 * from the server, which should be nothing.
 */
final class Listing {

    private static final String DIR = "list";

    private Listing() {
    }

    static List<Figure> run(BenchRun run) throws IOException {
        int count = run.scale(2_000, 200);
        Path dir = run.export().resolve(DIR);
        for (int i = 0; i < count; i++) {
            BenchRun.writeRandom(dir.resolve(String.format("file-%04d", i)), 4096);
        }
        int rounds = run.scale(5, 1);
        List<Figure> figures = new ArrayList<>();
        for (Target target : run.targets()) {
            // The memory cache stores each granule in a slab of its own: a 4 KiB file takes 256 KiB of it.
            for (int i = 0; i < count; i++) {
                target.publish(run.export(), DIR + "/" + String.format("file-%04d", i));
            }
            try (BenchClient client = new BenchClient(target, run.export(), BenchClient.Cache.MEMORY,
                    (long) count * BenchClient.GRANULE, null, Map.of())) {
                Path mounted = client.path("/" + DIR);
                long entries = listLong(mounted);
                if (entries != count) {
                    throw new IllegalStateException("listed " + entries + " entries of " + count);
                }
                if (target.toolListName() == null) {
                    BenchRun.log(target.protocol() + ": no ls -l figure, the server's own client lists nothing");
                } else {
                    BenchRun.log(target.protocol() + ": ls -l of " + count + " files, " + rounds + " pairs against "
                            + target.toolListName());
                    double[][] ls = alternate(rounds, () -> listLong(mounted), () -> target.toolList(run.export(), DIR));
                    double lsRatio = ReadTimer.median(ratios(ls));
                    figures.add(new Figure("5", target.protocol() + " ls -l of " + count + " files",
                            Figure.millis(ReadTimer.median(ls[0])), target.toolListName() + " "
                            + Figure.millis(ReadTimer.median(ls[1])), String.format("%.2f (median of %d)", lsRatio, rounds),
                            "<= 1.50", lsRatio <= 1.5));
                }
                BenchRun.log(target.protocol() + ": warm of the cached directory, " + rounds + " pairs");
                warm(mounted);
                warm(mounted);
                long before = target.serverBytesRead(client.filesystem);
                double[][] warm = alternate(rounds, () -> warm(mounted), () -> warm(dir));
                long fetched = (target.serverBytesRead(client.filesystem) - before) / rounds;
                double warmNanos = ReadTimer.median(warm[0]);
                figures.add(new Figure("5", target.protocol() + " netfs:warm of " + count + " cached files",
                        Figure.millis(warmNanos) + ", " + fetched / 1024 + " KiB a pass from the server",
                        "export directory " + Figure.millis(ReadTimer.median(warm[1])),
                        String.format("%.1f (median of %d)", ReadTimer.median(ratios(warm)), rounds), "< 1 s", warmNanos < 1e9));
            }
        }
        return figures;
    }

    /** What {@code netfs:ls -l} calls; returns the entries listed. */
    private static long listLong(Path dir) throws IOException {
        long entries = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path entry : stream) {
                Files.readAttributes(entry, BasicFileAttributes.class);
                entries++;
            }
        }
        return entries;
    }

    /**
     * What {@code netfs:warm} calls: a walk whose visits see each file's attributes, the cache's hold
     * on each regular file ({@link FscacheFileAttributeView}, absent outside a mount), then each file
     * the cache does not hold whole read to its end. Returns the bytes read.
     */
    private static long warm(Path root) throws IOException {
        List<Path> toRead = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                FscacheFileAttributeView cache = Files.getFileAttributeView(file, FscacheFileAttributeView.class);
                if (attributes.isRegularFile() && (cache == null || cache.readAttributes().cachedBytes() < attributes.size())) {
                    toRead.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        long total = 0;
        for (Path file : toRead) {
            total += Passes.read(file);
        }
        return total;
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    /** Times ours and the anchor in alternating pairs; returns {ours' nanos, anchor's nanos}. */
    private static double[][] alternate(int rounds, Step ours, Step anchor) throws IOException {
        double[][] nanos = new double[2][rounds];
        for (int i = 0; i < rounds; i++) {
            int first = i % 2;
            for (int side : new int[] {first, 1 - first}) {
                long start = System.nanoTime();
                (side == 0 ? ours : anchor).run();
                nanos[side][i] = System.nanoTime() - start;
            }
        }
        return nanos;
    }

    private static double[] ratios(double[][] nanos) {
        double[] ratios = new double[nanos[0].length];
        Arrays.setAll(ratios, i -> nanos[0][i] / nanos[1][i]);
        return ratios;
    }
}
