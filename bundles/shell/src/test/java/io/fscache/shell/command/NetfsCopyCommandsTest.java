package io.fscache.shell.command;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import io.fscache.netfs.lib.LocalNetworkFilesystem;
import io.fscache.netfs.lib.NetfsMounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * netfs:get and netfs:put never leave a partial or emptied file under the destination's name: over
 * the real engine, core and memory cache, with a local test server whose RPCs a gate can stop at a
 * known byte, so the copy is unmounted or interrupted exactly there.
 */
class NetfsCopyCommandsTest {

    private static final int MIB = 1 << 20;
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path dir;

    private FsCacheService fscache;
    private NetfsMounts mounts;
    private GatedNetworkFilesystem server;
    private FileSystem data;
    private Path export;
    private Path local;

    @BeforeEach
    void setUp() throws Exception {
        export = Files.createDirectories(dir.resolve("server/export"));
        local = Files.createDirectories(dir.resolve("local"));
        fscache = new FsCacheService();
        fscache.addCache(new MemoryCache("mem", 64L << 20, 64 * 1024));
        mounts = new NetfsMounts(fscache);
        server = new GatedNetworkFilesystem(new LocalNetworkFilesystem(dir.resolve("server")));
        mounts.addFilesystem(GatedNetworkFilesystem.SCHEME, server);
        // Without readahead the copy reads block by block, so it stops exactly at the gate.
        data = mounts.mount("data", URI.create("gated://server/export"), Map.of("readahead", "0"));
    }

    @AfterEach
    void tearDown() {
        server.open();
        mounts.close();
        fscache.close();
        server.close();
    }

    @Test
    void putOfADirectoryLeavesTheRemoteFileIntact() throws Exception {
        // put opened the remote file with TRUNCATE_EXISTING before reading the local "file", then
        // the read failed with EISDIR, reported as "data:/victim.txt: Is a directory".
        Files.writeString(export.resolve("victim.txt"), "precious\n");
        Path source = Files.createDirectories(local.resolve("some/dir"));
        PutCommand put = command(new PutCommand());
        put.local = source.toString();
        put.remote = "data:/victim.txt";
        assertEquals("local " + source + " is a directory; netfs:put copies one file",
                assertThrows(CommandException.class, put::execute).getMessage());
        assertEquals("precious\n", Files.readString(export.resolve("victim.txt")));
        assertEquals(List.of("victim.txt"), names(export));
    }

    @Test
    void getIntoAMissingLocalDirectoryBlamesTheLocalDirectory() throws Exception {
        // Said "data:/hello.txt: no such file or directory", blaming the remote file that exists.
        Files.writeString(export.resolve("hello.txt"), "hello\n");
        GetCommand get = command(new GetCommand());
        get.remote = "data:/hello.txt";
        get.local = local.resolve("no/dir/x.txt").toString();
        assertEquals("local directory " + local.resolve("no/dir") + ": no such directory",
                assertThrows(CommandException.class, get::execute).getMessage());
        // A trailing slash means a directory: it named only "no", the parent of a file "dir" (a fresh user's try).
        get.local = local.resolve("no/dir") + "/";
        assertEquals("local directory " + local.resolve("no/dir") + ": no such directory",
                assertThrows(CommandException.class, get::execute).getMessage());
    }

    @Test
    void getOfAMissingRemoteFileNamesTheRemoteSide() {
        GetCommand get = command(new GetCommand());
        get.remote = "data:/nosuch.txt";
        get.local = local.resolve("x.txt").toString();
        assertEquals("remote data:/nosuch.txt: no such file or directory",
                assertThrows(CommandException.class, get::execute).getMessage());
    }

    // Broke as: "Malformed input or input contains unmappable characters: caf?", naming no side: a
    // server name with a byte that is not UTF-8 cannot be a local name.
    @Test
    void aRemoteNameThatCannotBeALocalNameIsRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Transfer("get", "data:/caf\\xe9",
                data, local, false, "caf\uDCE9", Path::toString, false));
        assertEquals("the name caf\\xe9 is not a valid file name in " + local + ": give the destination file's name", e.getMessage());
    }

    @Test
    void putOfAMissingLocalFileNamesTheLocalSide() {
        // Said "no such local file: ..." while every other message led with the path.
        PutCommand put = command(new PutCommand());
        put.local = local.resolve("nosuch.txt").toString();
        put.remote = "data:/x.txt";
        assertEquals("local " + local.resolve("nosuch.txt") + ": no such file or directory",
                assertThrows(CommandException.class, put::execute).getMessage());
        // A relative path is the distribution's directory's (Karaf has no working directory of the
        // user's): said as given, it left the user guessing where it was looked for.
        put.local = "nosuch-relative.txt";
        assertEquals("local " + Path.of("nosuch-relative.txt").toAbsolutePath() + ": no such file or directory",
                assertThrows(CommandException.class, put::execute).getMessage());
    }

    @Test
    void putIntoAMissingRemoteDirectoryBlamesTheRemoteDirectory() throws Exception {
        Path source = Files.writeString(local.resolve("new.txt"), "new\n");
        PutCommand put = command(new PutCommand());
        put.local = source.toString();
        put.remote = "data:/no/dir/x.txt";
        assertEquals("remote directory data:/no/dir: no such directory",
                assertThrows(CommandException.class, put::execute).getMessage());
        put.remote = "data:/no/dir/";
        assertEquals("remote directory data:/no/dir: no such directory",
                assertThrows(CommandException.class, put::execute).getMessage());
    }

    @Test
    void putRefusesToOverwriteWithoutForce() throws Exception {
        // put replaced an existing remote file without being asked to.
        Files.writeString(export.resolve("victim.txt"), "precious\n");
        Path source = Files.writeString(local.resolve("new.txt"), "new\n");
        PutCommand put = command(new PutCommand());
        put.local = source.toString();
        put.remote = "data:/victim.txt";
        assertEquals("remote data:/victim.txt exists; use -f to overwrite it",
                assertThrows(CommandException.class, put::execute).getMessage());
        assertEquals("precious\n", Files.readString(export.resolve("victim.txt")));

        put.force = true;
        put.execute();
        assertEquals("new\n", Files.readString(export.resolve("victim.txt")));
        assertEquals(List.of("victim.txt"), names(export), "no temporary left behind");
    }

    @Test
    void getInterruptedByUnmountLeavesNoPartialFile() throws Exception {
        // Unmounting during a get left the first 362 MB of a 2 GiB file at the destination, with
        // ClosedChannelException as the only word.
        Files.write(export.resolve("big.bin"), random(16 * MIB));
        Path target = local.resolve("big.copy");
        GetCommand get = command(new GetCommand());
        get.remote = "data:/big.bin";
        get.local = target.toString();
        server.holdFrom(4 * MIB);
        Background copy = new Background(get);
        server.reached().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        unmountWhileHeld();

        assertEquals("netfs:get data:/big.bin: interrupted after 4.0 MiB of 16.0 MiB: the mount was unmounted; "
                + "local " + target + " not created", copy.failure().getMessage());
        assertEquals(List.of(), names(local), "neither the destination nor a temporary");
    }

    @Test
    void getInterruptedByCtrlCLeavesTheLocalFileUnchanged() throws Exception {
        // Ctrl-C (a thread interrupt) during get -f closed the local channel mid-copy: the old file
        // was already truncated and half overwritten.
        Files.write(export.resolve("big.bin"), random(16 * MIB));
        Path target = Files.writeString(local.resolve("big.copy"), "the old copy\n");
        GetCommand get = command(new GetCommand());
        get.remote = "data:/big.bin";
        get.local = target.toString();
        get.force = true;
        server.holdFrom(4 * MIB);
        Background copy = new Background(get);
        server.reached().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        copy.thread.interrupt();
        server.open();

        assertEquals("netfs:get data:/big.bin: interrupted after 4.0 MiB of 16.0 MiB; "
                + "local " + target + " left unchanged", copy.failure().getMessage());
        assertTrue(copy.outcome.get().interrupted(), "the interrupt is kept for the shell");
        assertEquals("the old copy\n", Files.readString(target));
        assertEquals(List.of("big.copy"), names(local));
    }

    @Test
    void getFailedByTheServerLeavesNoPartialFile() throws Exception {
        // A server error mid-get left the bytes before it under the destination's name.
        Path target = local.resolve("big.copy");
        assertEquals("netfs:get data:/big.bin: failed after 4.0 MiB of 16.0 MiB: connection reset by peer; "
                + "local " + target + " not created", getFailingAt4MiB(target, new IOException("connection reset by peer")));
        assertEquals(List.of(), names(local));
    }

    @Test
    void aServerThatStopsAnsweringFailsTheGetAndIsNotCalledAnInterrupt() throws Exception {
        // A fileserver frozen mid-get ended in "interrupted after 8.0 MiB": a timeout is an
        // InterruptedIOException (SocketTimeoutException), and nobody had interrupted anything.
        Path target = local.resolve("big.copy");
        assertEquals("netfs:get data:/big.bin: failed after 4.0 MiB of 16.0 MiB: server did not answer READ within"
                + " 30000 ms; local " + target + " not created",
                getFailingAt4MiB(target, new SocketTimeoutException("server did not answer READ within 30000 ms")));
        assertEquals(List.of(), names(local));
    }

    /** A get of a 16 MiB file to {@code target} whose server fails with {@code why} at 4 MiB; the command's message. */
    private String getFailingAt4MiB(Path target, IOException why) throws Exception {
        Files.write(export.resolve("big.bin"), random(16 * MIB));
        GetCommand get = command(new GetCommand());
        get.remote = "data:/big.bin";
        get.local = target.toString();
        server.holdFrom(4 * MIB);
        Background copy = new Background(get);
        server.reached().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        server.fail(why);
        return copy.failure().getMessage();
    }

    @Test
    void putInterruptedByUnmountLeavesTheRemoteFileIntact() throws Exception {
        // put -f truncated the remote file first, so an unmount mid-copy left it half written.
        Files.writeString(export.resolve("victim.bin"), "precious\n");
        Path source = Files.write(local.resolve("big.bin"), random(16 * MIB));
        PutCommand put = command(new PutCommand());
        put.local = source.toString();
        put.remote = "data:/victim.bin";
        put.force = true;
        server.holdFrom(4 * MIB);
        Background copy = new Background(put);
        server.reached().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        unmountWhileHeld();

        // The mount is gone, so the temporary cannot be removed: the message names it.
        List<String> names = names(export);
        assertEquals(2, names.size(), names.toString());
        String partial = names.get(0);
        assertTrue(partial.startsWith(".victim.bin.part-"), partial);
        // Uploads go 8 MiB at a time: the block held at 4 MiB is the first, so none was confirmed.
        assertEquals("netfs:put " + source + ": interrupted after 0 B of 16.0 MiB: the mount was unmounted; "
                + "remote data:/victim.bin left unchanged; the partial copy data:/" + partial + " remains on the server",
                copy.failure().getMessage());
        assertEquals("precious\n", Files.readString(export.resolve("victim.bin")));
    }

    @Test
    void putInterruptedByCtrlCLeavesNoPartialFileOnTheServer() throws Exception {
        // Ctrl-C during put left the bytes sent so far under the destination's name on the server.
        Path source = Files.write(local.resolve("big.bin"), random(16 * MIB));
        PutCommand put = command(new PutCommand());
        put.local = source.toString();
        put.remote = "data:/new.bin";
        server.holdFrom(4 * MIB);
        Background copy = new Background(put);
        server.reached().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        copy.thread.interrupt();
        server.open();

        // The held block (uploads go 8 MiB at a time) completes, then the interrupt stops the copy before the next one.
        assertEquals("netfs:put " + source + ": interrupted after 8.0 MiB of 16.0 MiB; "
                + "remote data:/new.bin not created", copy.failure().getMessage());
        assertTrue(copy.outcome.get().interrupted(), "the interrupt is kept for the shell");
        assertEquals(List.of(), names(export));
    }

    @Test
    void getAndPutIntoADirectoryKeepTheSourceName() throws Exception {
        byte[] bytes = random(3 * MIB + 7);
        Files.write(export.resolve("report.bin"), bytes);
        GetCommand get = command(new GetCommand());
        get.remote = "data:/report.bin";
        get.local = local.toString();
        get.execute();
        assertArrayEquals(bytes, Files.readAllBytes(local.resolve("report.bin")));
        assertEquals(List.of("report.bin"), names(local));

        Files.createDirectories(export.resolve("inbox"));
        PutCommand put = command(new PutCommand());
        put.local = local.resolve("report.bin").toString();
        put.remote = "data:/inbox";
        put.execute();
        assertArrayEquals(bytes, Files.readAllBytes(export.resolve("inbox/report.bin")));
        assertEquals(List.of("report.bin"), names(export.resolve("inbox")));
    }

    @Test
    void directoriesAreRefusedWithOneLineErrors() throws Exception {
        Files.createDirectories(export.resolve("docs/report.bin"));
        Files.writeString(export.resolve("docs/notes.txt"), "notes\n");
        Files.createDirectories(local.resolve("notes.txt"));
        GetCommand get = command(new GetCommand());
        get.remote = "data:/docs";
        get.local = local.toString();
        assertEquals("remote data:/docs is a directory; netfs:get copies one file (netfs:warm reads a tree)",
                assertThrows(CommandException.class, get::execute).getMessage());
        get.remote = "data:/docs/notes.txt";
        get.force = true;
        assertEquals("local " + local.resolve("notes.txt") + " is a directory; netfs:get replaces only files",
                assertThrows(CommandException.class, get::execute).getMessage());

        Path report = Files.writeString(local.resolve("report.bin"), "report\n");
        PutCommand put = command(new PutCommand());
        put.local = report.toString();
        put.remote = "data:/docs";
        put.force = true;
        assertEquals("remote data:/docs/report.bin is a directory; netfs:put replaces only files",
                assertThrows(CommandException.class, put::execute).getMessage());
        assertEquals(List.of("notes.txt", "report.bin"), names(export.resolve("docs")));
        assertEquals(List.of(), names(export.resolve("docs/report.bin")));
    }

    /** Unmounts while the copy is held at the gate; the held RPCs fail as the connection goes. */
    private void unmountWhileHeld() throws Exception {
        CompletableFuture<Void> unmounting = CompletableFuture.runAsync(() -> {
            try {
                mounts.unmount("data");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        // The unmount marks the mount closed first, then waits for the held RPC to end.
        await("the unmount has closed the mount").atMost(Duration.ofSeconds(TIMEOUT_SECONDS)).until(() -> !data.isOpen());
        server.fail(new IOException("connection reset by peer"));
        unmounting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private <T extends MountsReference> T command(T command) {
        command.mounts = mounts;
        return command;
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private record Outcome(Throwable failure, boolean interrupted) {
    }

    /** A command running on its own thread, as the console runs it: Ctrl-C interrupts that thread. */
    private static final class Background {

        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        final Thread thread;

        Background(Action command) {
            thread = new Thread(() -> {
                Throwable failure = null;
                try {
                    command.execute();
                } catch (Throwable e) {
                    failure = e;
                }
                outcome.complete(new Outcome(failure, Thread.currentThread().isInterrupted()));
            }, "netfs-copy");
            thread.start();
        }

        /** The command's failure: a one-line message for the console. */
        Throwable failure() throws Exception {
            Throwable failure = outcome.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).failure();
            assertInstanceOf(CommandException.class, failure);
            assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
            return failure;
        }
    }
}
