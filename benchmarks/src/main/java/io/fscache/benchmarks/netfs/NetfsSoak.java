package io.fscache.benchmarks.netfs;

import io.fscache.api.CacheInfo;
import io.fscache.backend.cachefiles.CachefilesCache;
import io.fscache.backend.cachefiles.CachefilesSettings;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import io.fscache.core.FsCacheSettings;
import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.lib.NetfsMounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The soak run (not a CI test): for a given time, in one JVM, 16 readers and 4 writers work on 2 000
 * files through a 9P mount (real diod) and an SMB mount (real Samba) of one export, over the real
 * core with a small memory cache (8 MiB, priority 1), a small cachefiles cache (32 MiB) and at most
 * 256 open cache objects, so both caches cull and cookies are closed early all the time; meanwhile {@link SoakChaos} withdraws and restores caches, changes files behind the servers'
 * backs and restarts the servers. Every byte read is checked ({@link SoakFiles}). Every minute it
 * prints a row: reads, MiB verified, mismatches, writes, changes, withdrawals, restarts, heap after
 * GC, direct memory, threads, open descriptors, cache usage and failed operations by kind. At the
 * end: PASS if no byte was wrong, reads went on every minute, and heap, direct memory, threads and
 * descriptors at the end are within {@link SoakVitals#growthSince bounds} of their level after
 * warm-up (the second minute); else FAIL, with the reasons. Exit status 0 on PASS, 1 on FAIL.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.fscache.benchmarks.netfs.NetfsSoak [--minutes 10]
 * [--peers tools/peers] [--diod-port 5800] [--samba-port 4600]}; needs root and the servers'
 * packages, as {@link NetfsReadReport}.
 */
public final class NetfsSoak {

    private static final int FILES = 2_000;
    private static final int READERS = 16;
    private static final int WRITERS = 4;
    private static final int GRANULE = 16 * 1024;
    private static final int MAX_OPEN_OBJECTS = 256;
    private static final long MIB = 1 << 20;

    private NetfsSoak() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = SoakArguments.parse(args);
        int minutes = SoakArguments.positive(options, "minutes", 10);
        Path peers = Path.of(options.getOrDefault("peers", "tools/peers")).toAbsolutePath();
        if (!Files.isRegularFile(peers.resolve("diod.sh"))) {
            throw new IllegalArgumentException("no peer scripts in " + peers + " (give their directory with --peers)");
        }
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "fscache-soak");
        deleteTree(base);
        Path export = Files.createDirectories(base.resolve("export")).toRealPath();
        SoakFiles files = new SoakFiles(FILES);
        files.create(export);
        List<Target> servers = List.of(new NinePTarget(peers, SoakArguments.positive(options, "diod-port", 5800)),
                new SmbTarget(peers, SoakArguments.positive(options, "samba-port", 4600)));
        System.exit(run(minutes, base, export, files, servers) ? 0 : 1);
    }

    private static boolean run(int minutes, Path base, Path export, SoakFiles files, List<Target> servers)
            throws Exception {
        List<NetworkFilesystem> filesystems = new ArrayList<>();
        // Few open objects: cookies are closed early all the time, and the descriptors level off soon.
        try (FsCacheService fscache = new FsCacheService(FsCacheSettings.DEFAULTS.withMaxOpenObjects(MAX_OPEN_OBJECTS));
                NetfsMounts mounts = new NetfsMounts(fscache)) {
            fscache.addCache(new MemoryCache("memory", 8 * MIB, GRANULE), 1);
            fscache.addCache(new CachefilesCache(CachefilesSettings.builder("disk", base.resolve("cache"))
                    .granule(GRANULE).sizeLimit(32 * MIB).build()), 0);
            List<Path> roots = new ArrayList<>();
            for (Target server : servers) {
                server.start(export, base.resolve("state").resolve(server.toolName()));
                NetworkFilesystem filesystem = server.filesystem();
                filesystems.add(filesystem);
                mounts.addFilesystem(NetfsUri.scheme(server.uri(export)), filesystem);
                roots.add(mounts.mount("soak-" + NetfsUri.scheme(server.uri(export)), server.uri(export), server.options()).getPath("/"));
            }
            SoakTally tally = new SoakTally();
            SoakLoad load = new SoakLoad(files, roots, tally, GRANULE);
            SoakChaos chaos = new SoakChaos(fscache, List.of("memory", "disk"), servers, export, base.resolve("state"),
                    files, tally);
            SoakChaos.log(minutes + " minute(s): " + READERS + " readers and " + WRITERS + " writers on " + FILES
                    + " files through " + servers.stream().map(Target::name).collect(Collectors.joining(" and ")));
            load.start(READERS, WRITERS);
            chaos.start();
            List<String> failures = watch(minutes, fscache, tally);
            chaos.stop();
            load.stop();
            if (tally.mismatches.sum() > 0) {
                failures.add(tally.mismatches.sum() + " read(s) returned bytes of no version of their file");
            }
            SoakChaos.log((failures.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", failures)) + " (" + tally.reads.sum()
                    + " reads, " + tally.bytesVerified.sum() / MIB + " MiB verified, " + tally.mismatches.sum()
                    + " mismatches, failed operations " + tally.errors() + ")");
            return failures.isEmpty();
        } finally {
            for (NetworkFilesystem filesystem : filesystems) {
                if (filesystem instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            }
            for (Target server : servers) {
                server.close();
            }
        }
    }

    /** Prints a row every minute; returns what went wrong with progress or the vitals. */
    private static List<String> watch(int minutes, FsCacheService fscache, SoakTally tally) throws InterruptedException {
        System.out.println(" min    reads  MiB-verified mismatch  writes changes wdraw rstrt  heap-MiB direct-MiB threads"
                + "  fds  memory-MiB disk-MiB  failed operations");
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        long readsBefore = 0;
        SoakVitals baseline = null;
        SoakVitals vitals = null;
        for (int minute = 1; minute <= minutes; minute++) {
            long wait = start + minute * 60_000_000_000L - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000);
            }
            vitals = SoakVitals.sample();
            long reads = tally.reads.sum();
            if (reads == readsBefore) {
                failures.add("no read completed in minute " + minute);
            }
            readsBefore = reads;
            if (minute == Math.min(2, minutes)) {
                baseline = vitals;
            }
            System.out.printf("%4d %8d %13d %8d %7d %7d %5d %5d %9d %10d %7d %4d %11d %8d  %s%n", minute, reads,
                    tally.bytesVerified.sum() / MIB, tally.mismatches.sum(), tally.writes.sum(), tally.changes.sum(),
                    tally.withdrawals.sum(), tally.restarts.sum(), vitals.heap() / MIB, vitals.direct() / MIB,
                    vitals.threads(), vitals.fds(), usage(fscache, "memory"), usage(fscache, "disk"), tally.errors());
        }
        failures.addAll(vitals.growthSince(baseline, MAX_OPEN_OBJECTS));
        return failures;
    }

    private static long usage(FsCacheService fscache, String cache) {
        return fscache.caches().stream().filter(info -> info.name().equals(cache)).mapToLong(CacheInfo::usage)
                .max().orElse(0) / MIB;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
