package io.fscache.shell.command;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.lib.LocalNetworkFilesystem;
import io.fscache.netfs.lib.NetfsMounts;
import io.fscache.netfs.lib.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The netfs:* commands over the real engine, core and memory cache, with a local test server. */
class NetfsCommandsTest {

    @TempDir
    Path dir;

    private FsCacheService fscache;
    private NetfsMounts mounts;
    private Path export;
    private LocalNetworkFilesystem server;

    @BeforeEach
    void setUp() throws Exception {
        export = Files.createDirectories(dir.resolve("server/export"));
        fscache = new FsCacheService();
        fscache.addCache(new MemoryCache("mem", 64L << 20, 64 * 1024));
        mounts = new NetfsMounts(fscache);
        server = new LocalNetworkFilesystem(dir.resolve("server"));
        mounts.addFilesystem(LocalNetworkFilesystem.SCHEME, server);
        MountCommand mount = command(new MountCommand());
        mount.uri = "local://server/export";
        mount.name = "data";
        mount.options = List.of("password=hunter2");
        assertEquals("Mounted local://server/export as data\n", run(mount));
    }

    @AfterEach
    void tearDown() {
        mounts.close();
        fscache.close();
    }

    @Test
    void whileMountingTheCommandThreadsNameHidesSecrets() throws Exception {
        List<String> threadNames = new ArrayList<>();
        mounts.addFilesystem("spy", new NetworkFilesystem() {
            @Override
            public String scheme() {
                return "spy";
            }

            @Override
            public NetfsSession connect(URI uri, Map<String, String> options) throws IOException {
                threadNames.add(Thread.currentThread().getName());
                throw new IOException("refused");
            }
        });
        // What Karaf names the thread that runs a command typed at the console.
        String karafName = "pipe-netfs:mount -o password=hunter2 -o api.token=t0k smb://alice:pw1@host/share x";
        Thread thread = Thread.currentThread();
        String original = thread.getName();
        thread.setName(karafName);
        try {
            MountCommand mount = command(new MountCommand());
            mount.uri = "spy://host/x";
            mount.name = "x";
            assertEquals("cannot mount spy://host/x as x: refused", assertThrows(CommandException.class, mount::execute).getMessage());
            assertEquals(List.of("pipe-netfs:mount -o password=*** -o api.token=*** smb://alice:***@host/share x"), threadNames);
            assertEquals(karafName, thread.getName(), "the name is restored");
        } finally {
            thread.setName(original);
        }
    }

    @Test
    void dfShowsTheCapacityTheServerReports() throws Exception {
        String out = run(command(new DfCommand()));
        long total = Files.getFileStore(export).getTotalSpace();
        assertTrue(out.contains("data") && out.contains("local://server/export") && out.contains(Sizes.human(total)), out);
    }

    // Broke as: netfs:df data said "too many arguments specified", where netfs:stats data works.
    @Test
    void dfShowsOneMountByName() throws Exception {
        DfCommand df = command(new DfCommand());
        df.name = "data";
        assertTrue(run(df).contains("local://server/export"));
        DfCommand unknown = command(new DfCommand());
        unknown.name = "nosuch";
        // Broke as three wordings (a fresh user's try): df, stats and the rest each said it their own way.
        assertEquals("no mount named 'nosuch'; mounts: data",
                assertThrows(CommandException.class, () -> run(unknown)).getMessage());
    }

    // Broke as: the server's error stood in the right-aligned Size column, as "(no such file or directory)".
    @Test
    void dfSaysUnderTheTableWhyAMountsSpaceIsNotShown() throws Exception {
        Files.delete(export);
        String out = run(command(new DfCommand()));
        assertTrue(out.lines().anyMatch(line -> line.startsWith("data") && line.strip().endsWith("-") && !line.contains("(")), out);
        assertEquals("data: no such file or directory", out.strip().lines().reduce((a, b) -> b).orElseThrow(), out);
    }

    @Test
    void mountsListsTheMountWithItsSecretHidden() throws Exception {
        String out = run(command(new MountsCommand()));
        assertTrue(out.contains("data") && out.contains("local://server/export") && out.contains("password=***"), out);
        assertFalse(out.contains("hunter2"), out);
    }

    @Test
    void mountsShowsAMountIsUp() throws Exception {
        String out = run(command(new MountsCommand()));
        assertTrue(out.lines().anyMatch(line -> line.startsWith("data") && line.strip().endsWith("mounted")), out);
    }

    @Test
    void mountsShowsAServerThatStoppedAnswering() throws Exception {
        // Through a user's NFS and AFS outages, netfs:mounts kept saying only "mounted".
        Files.write(export.resolve("f.bin"), new byte[8192]);
        server.failReads(() -> new SocketTimeoutException("server did not answer READ within 30000 ms"));
        try (SeekableByteChannel channel = Files.newByteChannel(mounts.fileSystem("data").orElseThrow().getPath("/f.bin"))) {
            assertThrows(SocketTimeoutException.class, () -> channel.read(ByteBuffer.allocate(4096)));
            String out = run(command(new MountsCommand()));
            assertTrue(out.lines().anyMatch(line -> line.startsWith("data") && line.strip().matches(
                    ".*mounted; server not answering since \\d\\d:\\d\\d:\\d\\d UTC: server did not answer READ within 30000 ms")), out);
            server.failReads(null);
            assertEquals(4096, channel.read(ByteBuffer.allocate(4096)));
        }
        String out = run(command(new MountsCommand()));
        assertTrue(out.lines().anyMatch(line -> line.startsWith("data") && line.strip().endsWith("mounted")), out);
    }

    @Test
    void persistRefusesToKeepASecretInTheConfiguration() {
        // --persist writes the options to etc/io.fscache.mount-<name>.cfg, which is no place for a password.
        MountCommand mount = command(new MountCommand());
        mount.uri = "local://server/export";
        mount.name = "kept";
        mount.persist = true;
        mount.options = List.of("uname=alice", "password=hunter2");
        assertEquals("--persist: etc/io.fscache.mount-kept.cfg would keep option 'password', a secret: "
                + "put it in a credentials file and give credentials=<file>",
                assertThrows(CommandException.class, mount::execute).getMessage());
        mount.options = List.of("api.token=t0k");
        assertTrue(assertThrows(CommandException.class, mount::execute).getMessage().contains("'api.token', a secret"));
        mount.options = null;
        // Broke as: a password in the URI's query was written to the .cfg in plain text.
        mount.uri = "local://server/export?password=hunter2";
        assertEquals("--persist: etc/io.fscache.mount-kept.cfg would keep option 'password' of the URI's query, a secret: "
                + "put it in a credentials file and give credentials=<file>",
                assertThrows(CommandException.class, mount::execute).getMessage());
        mount.uri = "smb://alice:hunter2@server/share";
        assertEquals("--persist: etc/io.fscache.mount-kept.cfg would keep the password in the URI: "
                + "put it in a credentials file and give credentials=<file>",
                assertThrows(CommandException.class, mount::execute).getMessage());
        assertTrue(mounts.fileSystem("kept").isEmpty());
    }

    // Broke as: netfs:warm read one file at a time (3,000 small files: 20 s), and a warm of a cached
    // tree asked the server about each file again once the walk outlived actimeo.
    @Test
    void warmReadsSeveralFilesAtOnceAndAWarmOfACachedTreeAsksTheServerNothingPerFile() throws Exception {
        Files.createDirectories(export.resolve("many"));
        for (int i = 0; i < 12; i++) {
            TestFiles.age(Files.write(export.resolve("many/f" + i), TestFiles.random(10_000, i)));
        }
        WarmCommand warm = command(new WarmCommand());
        warm.path = "data:/many";
        warm.parallel = 4;
        CompletableFuture<Void> gate = new CompletableFuture<>();
        server.holdReads(gate);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return run(warm);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await("four files read at once").atMost(Duration.ofSeconds(30)).until(() -> server.heldReads.get() >= 4);
        server.holdReads(null);
        gate.complete(null);
        assertTrue(first.get(30, TimeUnit.SECONDS).contains("warm data:/many (12 files)"));
        await("warm cached the files").atMost(Duration.ofSeconds(30)).until(() -> cachedFiles("/many") == 12);

        server.statRpcs.set(0);
        String again = run(warm);
        assertTrue(again.contains("12 of 12 files were in the cache already"), again);
        assertTrue(server.statRpcs.get() <= 1, "stats for a warm of a cached tree (its root's at most): " + server.statRpcs);
        assertThrows(CommandException.class, () -> {
            warm.parallel = 0;
            warm.execute();
        });
    }

    // Broke as: netfs:put kept one WRITE in flight (Peak 1) through NFS and SMB mounts in writethrough
    // mode: each 1 MiB block was one RPC, and a writethrough write waits for its RPCs.
    @Test
    void putKeepsSeveralWritesInFlight() throws Exception {
        Path source = Files.write(dir.resolve("upload.bin"), TestFiles.random(16 << 20, 3));
        server.latency(Duration.ofMillis(20));
        server.maxInFlight.set(0);
        PutCommand put = command(new PutCommand());
        put.local = source.toString();
        put.remote = "data:/upload.bin";
        run(put);
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(export.resolve("upload.bin")));
        assertTrue(server.maxInFlight.get() >= 4, "RPCs in flight at once: " + server.maxInFlight.get());
    }

    private long cachedFiles(String directory) throws IOException {
        Path dir = mounts.fileSystem("data").orElseThrow().getPath(directory);
        try (var files = Files.list(dir)) {
            return files.filter(f -> {
                try {
                    return ((Number) Files.getAttribute(f, "fscache:cachedBytes")).longValue() == Files.size(f);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void lsStatCatAndWarmWorkAndTheSecondReadComesFromTheCache() throws Exception {
        Files.createDirectories(export.resolve("docs"));
        Files.writeString(export.resolve("docs/hello.txt"), "hello, cache\n");
        byte[] big = new byte[3 << 20];
        new Random(7).nextBytes(big);
        TestFiles.age(Files.write(export.resolve("docs/big.bin"), big));

        LsCommand ls = command(new LsCommand());
        ls.path = "data:/docs";
        assertEquals("big.bin\nhello.txt\n", run(ls));
        ls.longListing = true;
        assertTrue(run(ls).contains("3145728"));

        WarmCommand warm = command(new WarmCommand());
        warm.path = "data:/docs";
        assertTrue(run(warm).contains("warm data:/docs (2 files)"));
        // Fetched data reaches the cache asynchronously: wait until it holds the whole file.
        Path bigFile = mounts.fileSystem("data").orElseThrow().getPath("/docs/big.bin");
        await("warm cached the file").atMost(Duration.ofSeconds(30))
                .until(() -> ((Number) Files.getAttribute(bigFile, "fscache:cachedBytes")).longValue() == big.length);
        Path helloFile = bigFile.resolveSibling("hello.txt");
        await("warm cached the small file").atMost(Duration.ofSeconds(30))
                .until(() -> ((Number) Files.getAttribute(helloFile, "fscache:cachedBytes")).longValue() == 13);
        long cacheReadsBefore = fscache.stats().get("IO", "rdb");

        // A second warm finds both files in the cache, reads neither, and says so, without a progress
        // line of nothing read ("warm data:/docs (2 files) 0 B 0 B/s").
        String again = run(warm);
        assertEquals("2 of 2 files were in the cache already: not read again", again.strip(), again);
        assertEquals(cacheReadsBefore, fscache.stats().get("IO", "rdb"), "cache bytes read by a warm of a cached tree");

        CatCommand cat = command(new CatCommand());
        cat.path = "data:/docs/hello.txt";
        assertEquals("hello, cache\n", run(cat));

        Path local = dir.resolve("big.copy");
        GetCommand get = command(new GetCommand());
        get.remote = "data:/docs/big.bin";
        get.local = local.toString();
        assertTrue(run(get).contains("get data:/docs/big.bin"));
        assertArrayEquals(big, Files.readAllBytes(local));
        assertTrue(fscache.stats().get("IO", "rdb") - cacheReadsBefore >= big.length, "served from the cache after warm");

        StatCommand stat = command(new StatCommand());
        stat.path = "data:/docs/big.bin";
        String out = run(stat);
        assertTrue(out.contains("size") && out.contains("3145728") && out.contains("fscache:cachedBytes"), out);

        var exists = assertThrows(CommandException.class, get::execute);
        assertTrue(exists.getMessage().contains("use -f"), exists.getMessage());
    }

    @Test
    void putWritesThroughToTheServer() throws Exception {
        Path local = dir.resolve("upload.bin");
        byte[] bytes = new byte[700_000];
        new Random(3).nextBytes(bytes);
        Files.write(local, bytes);
        PutCommand put = command(new PutCommand());
        put.local = local.toString();
        put.remote = "data:/upload.bin";
        run(put);
        assertArrayEquals(bytes, Files.readAllBytes(export.resolve("upload.bin")));
    }

    // A fresh user's try: a put cut off by the server's death named a partial copy left on the
    // server, and nothing in the shell could delete it (nor rename, nor make a directory).
    @Test
    void mkdirMvAndRmChangeTheServer() throws Exception {
        RmCommand rm = command(new RmCommand());
        MkdirCommand mkdir = command(new MkdirCommand());
        mkdir.path = "data:/reports";
        run(mkdir);
        assertTrue(Files.isDirectory(export.resolve("reports")));
        Files.write(export.resolve("q3.csv"), new byte[] {1, 2, 3});
        MvCommand mv = command(new MvCommand());
        mv.from = "data:/q3.csv";
        mv.to = "data:/reports/q3.csv";
        run(mv);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(export.resolve("reports/q3.csv")));
        assertFalse(Files.exists(export.resolve("q3.csv")));
        // A directory as the destination means the source's name in it, as with mv(1).
        Files.write(export.resolve("q4.csv"), new byte[] {4});
        mv.from = "data:/q4.csv";
        mv.to = "data:/reports";
        run(mv);
        assertArrayEquals(new byte[] {4}, Files.readAllBytes(export.resolve("reports/q4.csv")));
        rm.path = "data:/reports/q4.csv";
        run(rm);

        rm.path = "data:/reports";
        assertEquals("remote data:/reports: directory not empty; netfs:rm deletes files and empty directories",
                assertThrows(CommandException.class, rm::execute).getMessage());
        rm.path = "data:/reports/q3.csv";
        run(rm);
        rm.path = "data:/reports";
        run(rm);
        assertFalse(Files.exists(export.resolve("reports")));
    }

    @Test
    void mkdirMvAndRmMistakesGetOneLineErrors() throws Exception {
        Files.write(export.resolve("a.txt"), new byte[] {1});
        Files.write(export.resolve("b.txt"), new byte[] {2});
        MvCommand mv = command(new MvCommand());
        mv.from = "data:/a.txt";
        mv.to = "data:/b.txt";
        assertEquals("remote data:/b.txt exists; use -f to replace it", assertThrows(CommandException.class, mv::execute).getMessage());
        mv.force = true;
        run(mv);
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(export.resolve("b.txt")));
        mv.from = "data:/b.txt";
        mv.to = "other:/b.txt";
        assertEquals("no mount named 'other'; mounts: data", assertThrows(CommandException.class, mv::execute).getMessage());
        // Named the source when the destination's directory was missing (a fresh user's try).
        mv.to = "data:/nodir/b.txt";
        assertEquals("cannot move remote data:/b.txt to data:/nodir/b.txt: no such file or directory",
                assertThrows(CommandException.class, mv::execute).getMessage());
        mv.to = "data:/b.txt";
        assertEquals("remote data:/b.txt and data:/b.txt are the same file", assertThrows(CommandException.class, mv::execute).getMessage());
        // The server said only "invalid argument (NFS3ERR_INVAL)" (a fresh user's try).
        Files.createDirectories(export.resolve("m/inner"));
        mv.from = "data:/m";
        mv.to = "data:/m/inner";
        assertEquals("cannot move remote data:/m to a subdirectory of itself, data:/m/inner/m",
                assertThrows(CommandException.class, mv::execute).getMessage());
        mv.to = "data:/m/new";
        assertEquals("cannot move remote data:/m to a subdirectory of itself, data:/m/new",
                assertThrows(CommandException.class, mv::execute).getMessage());
        mv.from = "data:/";
        mv.to = "data:/elsewhere";
        assertEquals("remote data:/ is the root of the mount; it cannot be moved",
                assertThrows(CommandException.class, mv::execute).getMessage());

        RmCommand rm = command(new RmCommand());
        rm.path = "data:/missing.txt";
        assertEquals("remote data:/missing.txt: no such file or directory", assertThrows(CommandException.class, rm::execute).getMessage());
        rm.path = "data:/";
        assertEquals("remote data:/ is the root of the mount; it cannot be deleted",
                assertThrows(CommandException.class, rm::execute).getMessage());
        MkdirCommand mkdir = command(new MkdirCommand());
        mkdir.path = "data:/no/such/parent";
        assertEquals("remote data:/no/such/parent: no such file or directory",
                assertThrows(CommandException.class, mkdir::execute).getMessage());
        mkdir.path = "data:/b.txt";
        assertTrue(assertThrows(CommandException.class, mkdir::execute).getMessage().startsWith("remote data:/b.txt: "));
        mkdir.path = "data:/";
        assertEquals("remote data:/ is the root of the mount; it exists", assertThrows(CommandException.class, mkdir::execute).getMessage());
    }

    @Test
    void mistakesGetOneLineErrors() throws IOException {
        CatCommand cat = command(new CatCommand());
        cat.path = "data:/missing.txt";
        assertEquals("remote data:/missing.txt: no such file or directory", assertThrows(CommandException.class, cat::execute).getMessage());
        cat.path = "nosuch:/x";
        assertEquals("no mount named 'nosuch'; mounts: data", assertThrows(CommandException.class, cat::execute).getMessage());
        cat.path = "/no/mount";
        assertTrue(assertThrows(CommandException.class, cat::execute).getMessage().contains("<mount>:<path>"));
        // Said only the form for 'netfs:ls data' (a fresh user's try).
        LsCommand ls = command(new LsCommand());
        ls.path = "data";
        assertEquals("remote paths are <mount>:<path>, e.g. data:/dir/file, not 'data' (the root of mount data is data:)",
                assertThrows(CommandException.class, ls::execute).getMessage());
        // Told how the root of a mount named 'nosuch' is written, though there was none (a fresh user's try).
        ls.path = "nosuch";
        assertEquals("remote paths are <mount>:<path>, e.g. data:/dir/file, not 'nosuch'",
                assertThrows(CommandException.class, ls::execute).getMessage());
        MountCommand mount = command(new MountCommand());
        mount.uri = "no scheme";
        mount.name = "x";
        assertTrue(assertThrows(CommandException.class, mount::execute).getMessage().startsWith("a mount URI looks like scheme://"));
        mount.uri = "local://server/ex port";
        assertTrue(assertThrows(CommandException.class, mount::execute).getMessage().startsWith("not a URI"));
        // Said only "not a directory" (a fresh user's try).
        Files.writeString(export.resolve("hello.txt"), "hi");
        mount.uri = "local://server/export/hello.txt";
        assertEquals("cannot mount local://server/export/hello.txt as x: it names a file, not a directory: mount the"
                + " directory that holds it", assertThrows(CommandException.class, mount::execute).getMessage());
        UmountCommand umount = command(new UmountCommand());
        umount.name = "nosuch";
        assertEquals("no mount named 'nosuch'; mounts: data", assertThrows(CommandException.class, umount::execute).getMessage());
    }

    @Test
    void aRemoteDirectoryIsNamedOnce() {
        // Said "data:/many: /many: is a directory": a FileSystemException's message repeats its
        // path; this is the one 9P throws for EISDIR.
        assertEquals("remote data:/many: is a directory",
                MountsReference.remoteError(new FileSystemException("/many", null, "is a directory"), "data:/many").getMessage());
    }

    @Test
    void dfShowsNoUsedSpaceWhereTheServerGivesNoFreeSpaceApartFromAvailable() {
        // Samba (smbclient du) on a disk with 32.4 GiB used and 160 GiB reserved for root reported
        // total 252.0 GiB and 69.1 GiB both free and available: df showed 182.9 GiB used.
        assertArrayEquals(new Object[] {"252.0 GiB", "-", "69.1 GiB", "69.1 GiB", "-"},
                DfCommand.row(264212084L << 10, 72421404L << 10, 72421404L << 10));
        // 9P's statfs of the same disk tells free from available: used is size minus free, as df.
        assertArrayEquals(new Object[] {"252.0 GiB", "32.4 GiB", "219.6 GiB", "69.1 GiB", "32%"},
                DfCommand.row(66053021L * 4096, 57560645L * 4096, 18105352L * 4096));
    }

    @Test
    void statOfAnUncachedFileNamesNoCache() throws Exception {
        // Printed "fscache:cacheName null".
        Files.writeString(export.resolve("f.txt"), "x");
        MountCommand mount = command(new MountCommand());
        mount.uri = "local://server/export";
        mount.name = "plain";
        mount.cache = "none";
        run(mount);
        StatCommand stat = command(new StatCommand());
        stat.path = "plain:/f.txt";
        String out = run(stat);
        assertTrue(out.contains("fscache:cacheName      (none)\n"), out);
        assertFalse(out.contains("null"), out);
    }

    @Test
    void umountRelinquishesEveryCookie() throws Exception {
        Files.writeString(export.resolve("f.txt"), "x");
        CatCommand cat = command(new CatCommand());
        cat.path = "data:/f.txt";
        run(cat);
        UmountCommand umount = command(new UmountCommand());
        umount.name = "data";
        assertEquals("Unmounted data\n", run(umount));
        assertEquals(0, fscache.stats().get("Cookies", "n"));
        assertTrue(mounts.mounts().isEmpty());
    }

    private <T extends MountsReference> T command(T command) {
        command.mounts = mounts;
        return command;
    }

    private static String run(Action command) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            command.execute();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    // Broke (issue 13): --cache nosuch mounted uncached without a word.
    @Test
    void mountingWithACacheThatIsNotLiveIsAnErrorNamingTheLiveOnes() {
        MountCommand mount = command(new MountCommand());
        mount.uri = "local://server/export";
        mount.name = "typo";
        mount.cache = "nosuch";
        assertEquals("no live cache is named 'nosuch'; live caches: mem",
                assertThrows(CommandException.class, mount::execute).getMessage());
        assertEquals(1, mounts.mounts().size());
    }

    // Broke (issue 13): an uncached mount looked like a cached one in mount's output and in mounts.
    @Test
    void anUncachedMountSaysSoWhenMountedAndInTheListing() throws Exception {
        MountCommand mount = command(new MountCommand());
        mount.uri = "local://server/export";
        mount.name = "plain";
        mount.mode = "none";
        assertEquals("Mounted local://server/export as plain, uncached (mode none)\n", run(mount));

        Files.createDirectories(dir.resolve("server/other"));
        fscache.acquireVolume("local,server,other");
        mount = command(new MountCommand());
        mount.uri = "local://server/other";
        mount.name = "held";
        assertEquals("Mounted local://server/other as held, uncached (its volume is in use elsewhere)\n", run(mount));

        String out = run(command(new MountsCommand()));
        assertTrue(out.contains("uncached (mode none)") && out.contains("uncached (its volume is in use elsewhere)"), out);
        assertTrue(out.lines().anyMatch(line -> line.startsWith("data") && line.contains("(any)")), out);
    }
}
