package io.fscache.benchmarks.netfs;

import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import io.fscache.core.FsCacheSettings;
import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.lib.NetfsMounts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Sequential reads of one large file against the real servers: cold through a mount (the cached
 * copy is out of date: the file's modification time moved on the server), warm through the mount
 * (from a memory cache), the export directory read directly, and the server's own client
 * ({@code diodcat}, smbclient's {@code get}, libnfs's {@code nfs-cat}). Each figure is the median of several passes, in
 * MiB/s, after an uncounted cold and warm pass that lets the JIT compile the read path and the
 * cache allocate its memory. The servers run on loopback, so "cold" measures the protocol client (and the server
 * sharing the machine's cores), not a network.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.fscache.benchmarks.netfs.NetfsReadReport
 * [9p|smb|nfs3|nfs41|nfs|all] [size in MiB, default 256] [peer scripts directory, default tools/peers]}; the
 * servers' packages must be installed and the peer scripts need root.
 */
public final class NetfsReadReport {

    private static final int CHUNK = 1 << 20;
    private static final int GRANULE = 256 * 1024;
    private static final int COLD_ROUNDS = 3;
    private static final int WARM_ROUNDS = 15;

    private final Path base;
    private final long size;

    private NetfsReadReport(Path base, long size) {
        this.base = base;
        this.size = size;
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "all";
        long size = (args.length > 1 ? Long.parseLong(args[1]) : 256) << 20;
        Path peers = Path.of(args.length > 2 ? args[2] : "tools/peers").toAbsolutePath();
        if (!Files.isRegularFile(peers.resolve("diod.sh"))) {
            throw new IllegalArgumentException("no peer scripts in " + peers + " (give their directory as the third argument)");
        }
        List<Target> targets = new ArrayList<>();
        if (which.equals("9p") || which.equals("all")) {
            targets.add(new NinePTarget(peers, 5690));
        }
        if (which.equals("smb") || which.equals("all")) {
            targets.add(new SmbTarget(peers, 4490));
        }
        if (which.equals("nfs") || which.equals("nfs3") || which.equals("all")) {
            targets.add(new NfsTarget(peers, 5990, "3"));
        }
        if (which.equals("nfs") || which.equals("nfs41") || which.equals("all")) {
            targets.add(new NfsTarget(peers, 5990, "4.1"));
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("which protocol: 9p, smb, nfs3, nfs41, nfs or all, not '" + which + "'");
        }
        NetfsReadReport report = new NetfsReadReport(Path.of(System.getProperty("java.io.tmpdir"), "fscache-netfs-bench"), size);
        List<String> lines = new ArrayList<>();
        for (Target target : targets) {
            lines.addAll(report.measure(target));
        }
        System.out.println();
        lines.forEach(System.out::println);
    }

    private List<String> measure(Target target) throws IOException, InterruptedException {
        Path dir = base.resolve(target.toolName());
        Path export = Files.createDirectories(dir.resolve("export")).toRealPath();
        Path file = export.resolve("big.bin");
        writeRandom(file, size);
        // An old file (each cold round moves its mtime a second on): data fetched within the mount's
        // racy window of a modification would be fetched again by the warm passes.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        try (target) {
            target.start(export, dir.resolve("state"));
            try (Client client = new Client(target, export, Map.of())) {
                log(target.name() + ": warming up the JVM and the cache (one cold and one warm pass, not counted)");
                client.read("/big.bin");
                client.awaitCached("/big.bin", size);
                client.read("/big.bin");
                log(target.name() + ": cold reads through the mount");
                double cold = ReadTimer.medianMiBps(COLD_ROUNDS, size, () -> changedOnTheServer(file),
                        () -> client.read("/big.bin"));
                // Warm and direct passes alternate, so that whatever else the machine does at the
                // time weighs on both alike; the ratio is the median of the pairs' ratios.
                log(target.name() + ": warm reads through the mount, alternating with reads of the export directory");
                client.awaitCached("/big.bin", size);
                long before = target.serverBytesRead(client.filesystem);
                double[] warmRates = new double[WARM_ROUNDS];
                double[] directRates = new double[WARM_ROUNDS];
                double[] ratios = new double[WARM_ROUNDS];
                for (int i = 0; i < WARM_ROUNDS; i++) {
                    warmRates[i] = ReadTimer.miBps(size, () -> client.read("/big.bin"));
                    directRates[i] = ReadTimer.miBps(size, () -> readDirectly(file));
                    ratios[i] = warmRates[i] / directRates[i];
                }
                long serverBytesWarm = target.serverBytesRead(client.filesystem) - before;
                double warm = ReadTimer.median(warmRates);
                double direct = ReadTimer.median(directRates);
                double warmRatio = ReadTimer.median(ratios);
                double racyRatio = racyRuleCost(target, export);
                log(target.name() + ": " + target.toolName());
                double tool = ReadTimer.medianMiBps(COLD_ROUNDS, size, () -> { }, () -> {
                    target.toolRead(export, "big.bin");
                    return size;
                });
                return List.of(
                        String.format("%s, %d MiB file, sequential %d KiB reads, MiB/s (median of %d cold / %d warm passes):",
                                target.name(), size >> 20, CHUNK >> 10, COLD_ROUNDS, WARM_ROUNDS),
                        String.format("  cold through the mount %8.0f   %s %8.0f   cold/%s = %.2f",
                                cold, target.toolName(), tool, target.toolName(), cold / tool),
                        String.format("  warm through the mount %8.0f   direct %8.0f   warm/direct = %.2f (bar 0.80) %s; "
                                + "server bytes read by the warm passes: %d", warm, direct, warmRatio,
                                warmRatio >= 0.80 ? "PASS" : "FAIL", serverBytesWarm),
                        String.format("  warm with the racy-timestamp rule (racy.window=2s) / without it (0) = %.2f "
                                + "(bar 0.95) %s", racyRatio, racyRatio >= 0.95 ? "PASS" : "FAIL"));
            }
        }
    }

    /**
     * What the racy-timestamp rule costs a warm reader of an old file: two fresh clients, one with
     * the default window and one whose mounts trust every timestamp ({@code racy.window=0}), read
     * the cached file in turn, each going first in every other pair; the median of the pairs' ratios.
     */
    private double racyRuleCost(Target target, Path export) throws IOException, InterruptedException {
        log(target.name() + ": warm reads with the racy-timestamp rule, alternating with reads without it");
        try (Client withRule = new Client(target, export, Map.of());
                Client without = new Client(target, export, Map.of("racy.window", "0"))) {
            for (Client client : List.of(withRule, without)) {
                client.read("/big.bin");
                client.awaitCached("/big.bin", size);
            }
            double[] ratios = new double[WARM_ROUNDS];
            for (int i = 0; i < WARM_ROUNDS; i++) {
                double with;
                double anchor;
                if (i % 2 == 0) {
                    with = ReadTimer.miBps(size, () -> withRule.read("/big.bin"));
                    anchor = ReadTimer.miBps(size, () -> without.read("/big.bin"));
                } else {
                    anchor = ReadTimer.miBps(size, () -> without.read("/big.bin"));
                    with = ReadTimer.miBps(size, () -> withRule.read("/big.bin"));
                }
                ratios[i] = with / anchor;
            }
            return ReadTimer.median(ratios);
        }
    }

    /**
     * Moves the file's modification time on the server: the next open finds the cached copy out of
     * date, invalidates it and fetches the file again.
     */
    private static void changedOnTheServer(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 1000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A core with a memory cache that holds one file, and a mount of the target's export. */
    private final class Client implements AutoCloseable {

        final NetworkFilesystem filesystem;
        private final FsCacheService fscache = new FsCacheService(FsCacheSettings.DEFAULTS);
        private final NetfsMounts mounts = new NetfsMounts(fscache);
        private final FileSystem fs;

        /** @param engineOptions mount options for the engine, added to the target's */
        Client(Target target, Path export, Map<String, String> engineOptions) throws IOException {
            fscache.addCache(new MemoryCache("memory", size + (64L << 20), GRANULE));
            filesystem = target.filesystem();
            mounts.addFilesystem(NetfsUri.scheme(target.uri(export)), filesystem);
            Map<String, String> options = new HashMap<>(target.options());
            options.putAll(engineOptions);
            fs = mounts.mount("bench", target.uri(export), options);
        }

        long read(String path) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
            long total = 0;
            try (SeekableByteChannel channel = Files.newByteChannel(fs.getPath(path))) {
                for (int n; (n = channel.read(buffer.clear())) > 0; ) {
                    total += n;
                }
            }
            return total;
        }

        void awaitCached(String path, long bytes) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (((Number) Files.getAttribute(fs.getPath(path), "fscache:cachedBytes")).longValue() < bytes) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(path + " not cached after 60 s");
                }
                Thread.sleep(50);
            }
        }

        @Override
        public void close() throws IOException {
            mounts.close();
            fscache.close();
            if (filesystem instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
    }

    private static long readDirectly(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        long total = 0;
        try (FileChannel channel = FileChannel.open(file)) {
            for (int n; (n = channel.read(buffer.clear())) > 0; ) {
                total += n;
            }
        }
        return total;
    }

    private static void writeRandom(Path file, long size) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) == size) {
            return;
        }
        SplittableRandom random = new SplittableRandom(42);
        byte[] block = new byte[CHUNK];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                for (int i = 0; i < block.length; i += 8) {
                    long value = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        block[i + b] = (byte) (value >>> (8 * b));
                    }
                }
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
    }

    private static void log(String line) {
        System.err.println("[netfs-bench] " + line);
    }
}
