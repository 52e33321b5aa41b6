package io.fscache.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.contract.Shell;
import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What only NFSv3 does, against a real nfs-ganesha: negotiation, volume key, paging, verifiers, stale handles. */
class Nfs3SessionTest {

    @RegisterExtension
    static final GaneshaServer ganesha = GaneshaServer.on("session");

    private final NfsFilesystem nfs = new NfsFilesystem(1);

    @AfterEach
    void close() throws IOException {
        nfs.close();
        Shell.empty(ganesha.export());
    }

    private NetfsSession session(String... options) throws IOException {
        return nfs.connect(ganesha.uri(), ganesha.options(options));
    }

    @Test
    void transferSizesAreTheServersUnlessSmallerWereAsked() throws IOException {
        try (NetfsSession session = session()) {
            // ganesha.sh sets MaxRead and MaxWrite to 1 MiB: FSINFO rtmax and wtmax.
            assertEquals(1 << 20, session.limits().maxReadSize());
            assertEquals(1 << 20, session.limits().maxWriteSize());
            assertEquals(2, session.limits().maxInFlight(), "file.inflight");
            assertEquals(1 << 20, session.limits().readahead(), "one READ");
        }
        try (NetfsSession session = session("rsize", "64k", "wsize", "32k", "file.inflight", "4")) {
            assertEquals(65536, session.limits().maxReadSize());
            assertEquals(32768, session.limits().maxWriteSize());
            assertEquals(4, session.limits().maxInFlight());
            assertEquals(65536, session.limits().readahead());
        }
    }

    // Broke as (a fresh user's try): "cannot connect to nfs server 127.0.0.1:2049: connection refused", or
    // "does not serve the program of NFSv3 FSINFO" for the MOUNT port, never saying where NFS is, which rpcbind knows.
    @Test
    void aWrongPortIsToldWhereRpcbindSaysNfsIs() throws IOException {
        int closed;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        String whereNfs = "; rpcbind on 127.0.0.1 has NFSv3 at port " + ganesha.port();
        IOException refused = assertThrows(IOException.class, () -> nfs.connect(
                NetfsUri.parse("nfs://127.0.0.1:" + closed + ganesha.uri().getPath()), ganesha.options()));
        assertEquals("cannot connect to nfs server 127.0.0.1:" + closed + ": connection refused" + whereNfs, refused.getMessage());
        int mountPort = ganesha.port() + 1;
        IOException mount = assertThrows(IOException.class, () -> nfs.connect(
                NetfsUri.parse("nfs://127.0.0.1:" + mountPort + ganesha.uri().getPath()), ganesha.options()));
        assertEquals("nfs server 127.0.0.1:" + mountPort + " does not serve NFSv3 FSINFO: it serves no version of that RPC"
                + " program (is it another service's port?)" + whereNfs, mount.getMessage());
    }

    // PROTOCOLS.md §1.5.11 asked whether ganesha's fsid survives a restart: it goes into the volume key.
    @Test
    void theVolumeKeyIsTheServerAndFsidAndSurvivesARestart() throws IOException {
        String before;
        try (NetfsSession session = session()) {
            before = session.volumeKey();
        }
        assertTrue(before.matches("nfs,127\\.0\\.0\\.1:" + ganesha.port() + ",v3:fsid=[0-9a-f]+"), before);
        ganesha.stop();
        ganesha.start();
        try (NetfsSession session = session()) {
            assertEquals(before, session.volumeKey());
        }
    }

    @Test
    void theMountPortIsAskedOfRpcbindOrGivenAndAWrongOneIsNamed() throws IOException {
        // rpcbind keeps the last registration of MOUNT v3: a start makes this ganesha's the one it names.
        ganesha.restart();
        try (NetfsSession session = nfs.connect(ganesha.uri(), ganesha.rpcbindOptions())) {
            assertEquals(0, session.list("/").size());
        }
        try (NetfsSession session = session("mountport", Integer.toString(ganesha.port() + 1))) {
            assertEquals(0, session.list("/").size());
        }
        IOException e = assertThrows(IOException.class, () -> session("mountport", Integer.toString(ganesha.port())));
        assertTrue(e.getMessage().startsWith("mount server 127.0.0.1:" + ganesha.port()
                + " does not serve MOUNTv3 MNT: it serves no version of that RPC program"), e.getMessage());
    }

    @Test
    void aMissingExportIsNamedWithWhatTheServerExports() throws IOException {
        IOException e = assertThrows(IOException.class,
                () -> nfs.connect(NetfsUri.parse("nfs://127.0.0.1:" + ganesha.port() + "/no/such/export"), ganesha.options()));
        assertTrue(e.getMessage().contains("/no/such/export"), e.getMessage());
        // ganesha answers MNT3ERR_ACCES for a path it does not export; EXPORT says which it does.
        assertTrue(e.getMessage().contains("not exported, or not to this client"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; it exports " + ganesha.export().toRealPath()), e.getMessage());
    }

    // Broke as (a fresh user's try): an NFSv3 mount of the NFSv4 pseudo path was refused with a hint
    // about the MOUNT port, where what it needed was the export's real path.
    @Test
    void anNfs4PseudoPathMountedOverNfs3NamesTheRealExport() throws IOException {
        IOException e = assertThrows(IOException.class,
                () -> nfs.connect(NetfsUri.parse("nfs://127.0.0.1:" + ganesha.port() + "/export"), ganesha.options()));
        assertTrue(e.getMessage().startsWith("/export: mount server 127.0.0.1:" + (ganesha.port() + 1) + " refused to mount it"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("; it exports " + ganesha.export().toRealPath()), e.getMessage());
    }

    // Broke as (a fresh user's try): with the MOUNT port from rpcbind, the refusal listed the exports
    // of whichever ganesha rpcbind named, another one of the host's, and no longer said where they came from.
    @Test
    void aRefusalThroughRpcbindSaysTheMountPortCameFromIt() throws IOException {
        ganesha.restart(); // rpcbind keeps the last registration of MOUNT v3: now this ganesha's
        IOException e = assertThrows(IOException.class,
                () -> nfs.connect(NetfsUri.parse("nfs://127.0.0.1:" + ganesha.port() + "/export"), ganesha.rpcbindOptions()));
        assertTrue(e.getMessage().endsWith("; it exports " + ganesha.export().toRealPath()
                + "; the MOUNT port came from rpcbind: if this host runs several NFS servers, give -o mountport=<port>"),
                e.getMessage());
    }

    @Test
    void aLargeDirectoryIsListedInPages() throws IOException {
        ganesha.sh("mkdir big && cd big && for i in $(seq 1 3000); do : > \"a-rather-long-file-name-to-fill-pages-$i\"; done");
        try (NetfsSession session = session()) {
            Set<String> names = session.list("/big").stream().map(DirEntry::name).collect(Collectors.toSet());
            assertEquals(3000, names.size());
            assertTrue(names.contains("a-rather-long-file-name-to-fill-pages-3000"));
            assertTrue(session.stats().rpcs().get("READDIRPLUS") > 3, "paged: " + session.stats().rpcs());
            DirEntry one = session.list("/big").get(0);
            assertEquals(session.stat("/big/" + one.name()), one.attributes(), "READDIRPLUS carries the attributes");
        }
    }

    // RFC 1813 §3.3.7: a server that restarted between an UNSTABLE WRITE and its COMMIT answers the
    // COMMIT with another verifier, and may have lost the data: it is sent again.
    @Test
    void dataWrittenBeforeARestartIsSentAgainWhenTheVerifierChanged() throws Exception {
        byte[] content = TestFiles.random(3 << 20, 5);
        try (NetfsSession session = session()) {
            RemoteFile file = session.open("/unstable", Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE));
            ByteBuffer src = ByteBuffer.wrap(content);
            while (src.hasRemaining()) {
                file.write(src.position(), src).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            long writes = session.stats().rpcs().get("WRITE");
            ganesha.restart();
            file.fsync();
            assertEquals(writes + 3, session.stats().rpcs().get("WRITE"), "each of the three MiB sent again");
            file.close();
        }
        assertTrue(Arrays.equals(content, Files.readAllBytes(ganesha.export().resolve("unstable"))));
    }

    // Broke as: past 32 MiB kept for a possible resend, every WRITE went FILE_SYNC (a synchronous
    // write to the server's disk each): a 256 MiB upload ran at half the speed of nfs-cp's.
    @Test
    void aLargeUploadStaysUnstableAndIsCommittedInBatches() throws Exception {
        int size = (int) (2 * UncommittedWrites.MAX_KEPT + (8 << 20));
        byte[] content = TestFiles.random(size, 6);
        try (NetfsSession session = session()) {
            RemoteFile file = session.open("/large", Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE));
            ByteBuffer src = ByteBuffer.wrap(content);
            while (src.hasRemaining()) {
                file.write(src.position(), src).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            long commits = session.stats().rpcs().get("COMMIT");
            // A COMMIT starts with 16 MiB kept and a writer waits for one at 32: between 72/32 and 72/16.
            assertTrue(commits >= 2 && commits <= 4, commits + " COMMITs while 72 MiB were written");
            file.close();
            long atClose = session.stats().rpcs().get("COMMIT") - commits;
            assertTrue(atClose <= 1, atClose + " COMMITs at the close, which has at most the rest to commit");
        }
        assertTrue(Arrays.equals(content, Files.readAllBytes(ganesha.export().resolve("large"))));
    }

    @Test
    void aFileDeletedOnTheServerWhileOpenFailsClearly() throws Exception {
        ganesha.file("gone", 10_000, 1);
        try (NetfsSession session = session(); RemoteFile file = session.open("/gone", Set.of(StandardOpenOption.READ))) {
            Files.delete(ganesha.export().resolve("gone"));
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> file.read(0, ByteBuffer.allocate(100)).toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("/gone"), e.getCause().getMessage());
        }
    }

    // NFSv3 has no open state: a file replaced behind the server's back leaves the handle stale, and
    // the lookup that follows finds another file at the path.
    @Test
    void aFileReplacedOnTheServerWhileOpenFailsAsStaleNamingWhy() throws Exception {
        ganesha.file("replaced", 100_000, 7);
        try (NetfsSession session = session()) {
            RemoteFile file = session.open("/replaced", Set.of(StandardOpenOption.READ));
            Files.delete(ganesha.export().resolve("replaced"));
            Files.write(ganesha.export().resolve("replaced"), TestFiles.random(100_000, 8));
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> file.read(0, ByteBuffer.allocate(100_000)).toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertEquals("/replaced: stale file handle (NFS3ERR_STALE); the path now names another file", e.getCause().getMessage());
            file.close();
        }
    }

    // A fresh user's 500 small cached files read in 300-400 ms against 17-36 ms from the export:
    // every open looked up every name of its path, one round trip each.
    @Test
    void anOpenUnderAKeptDirectoryLooksUpOnlyItsFilesName() throws IOException {
        ganesha.sh("mkdir -p a/b/c && for f in one two three; do echo $f > a/b/c/$f; done");
        try (NetfsSession session = session()) {
            open(session, "/a/b/c/one");
            long before = lookups(session);
            open(session, "/a/b/c/two");
            assertEquals(1, lookups(session) - before, "the file's name only: " + session.stats().rpcs());
        }
        try (NetfsSession session = session("acdirmin", "0")) {
            open(session, "/a/b/c/one");
            long before = lookups(session);
            open(session, "/a/b/c/two");
            assertEquals(4, lookups(session) - before, "every name with acdirmin=0: " + session.stats().rpcs());
        }
    }

    @Test
    void aKeptDirectoryDeletedOrRenamedOnTheServerIsLookedUpAgain() throws IOException {
        ganesha.sh("mkdir -p a/b && echo old > a/b/f");
        try (NetfsSession session = session("acdirmin", "1h")) {
            open(session, "/a/b/f");
            ganesha.sh("rm -r a/b && mkdir a/b && echo deleted > a/b/g");
            assertEquals("deleted\n", read(session, "/a/b/g"), "a stale kept handle is looked up again");
            ganesha.sh("mv a/b a/moved && mkdir a/b && echo renamed > a/b/h");
            assertEquals("renamed\n", read(session, "/a/b/h"), "a name missing under a kept handle is looked up again");
        }
    }

    @Test
    void aDirectoryThisSessionRenamesOrDeletesIsNotKept() throws IOException {
        ganesha.sh("mkdir -p a/b/c && echo f > a/b/c/f");
        try (NetfsSession session = session("acdirmin", "1h")) {
            open(session, "/a/b/c/f");
            session.rename("/a/b", "/a/renamed");
            assertThrows(NoSuchFileException.class, () -> open(session, "/a/b/c/f"));
            assertEquals("f\n", read(session, "/a/renamed/c/f"));
            ganesha.sh("mkdir a/b && echo new > a/b/g");
            open(session, "/a/b/g");
            session.delete("/a/b/g");
            session.delete("/a/b");
            ganesha.sh("mkdir a/b && echo newer > a/b/g");
            assertEquals("newer\n", read(session, "/a/b/g"));
        }
    }

    // Broke as (a fresh user's try): with two shells reading /r/b/c/d/f.txt in a loop, a cat right
    // after netfs:mv of /r/b read the moved file under its old path 27 and 53 times in 300: a
    // reader's lookup under way at the rename kept the moved directory's handle after the forget.
    @Test
    void aDirectoryRenamedThroughTheSessionIsGoneAtOnceWhileReadersLookThroughIt() throws Exception {
        ganesha.sh("mkdir -p r/b/c/d && echo content > r/b/c/d/f");
        ExecutorService readers = Executors.newFixedThreadPool(2);
        AtomicBoolean done = new AtomicBoolean();
        try (NetfsSession session = session("acdirmin", "1h")) {
            List<Future<?>> reading = new ArrayList<>();
            for (int reader = 0; reader < 2; reader++) {
                reading.add(readers.submit(() -> {
                    while (!done.get()) {
                        try {
                            open(session, "/r/b/c/d/f");
                        } catch (NoSuchFileException between) {
                            // read while the directory was moved away
                        }
                    }
                    return null;
                }));
            }
            try {
                for (int round = 0; round < 200; round++) {
                    session.rename("/r/b", "/r/gone");
                    assertThrows(NoSuchFileException.class, () -> open(session, "/r/b/c/d/f"), "round " + round);
                    session.rename("/r/gone", "/r/b");
                }
            } finally {
                done.set(true);
            }
            for (Future<?> reader : reading) {
                reader.get(30, TimeUnit.SECONDS);
            }
        } finally {
            readers.shutdownNow();
        }
    }

    // Broke as (a fresh user's try): NFSv3 said only "not a directory" for a path through a link,
    // where NFSv4.1 says "a symbolic link on the way".
    @Test
    void aPathThroughASymbolicLinkIsRefusedNamingTheLink() throws IOException {
        ganesha.sh("mkdir -p real && echo x > real/f && ln -s real link");
        try (NetfsSession session = session()) {
            FileSystemException e = assertThrows(FileSystemException.class, () -> open(session, "/link/f"));
            assertEquals("/link/f: a symbolic link on the way (/link), not followed", e.getMessage());
        }
    }

    private static void open(NetfsSession session, String path) throws IOException {
        session.open(path, Set.of(StandardOpenOption.READ)).close();
    }

    private static String read(NetfsSession session, String path) throws IOException {
        try (RemoteFile file = session.open(path, Set.of(StandardOpenOption.READ))) {
            ByteBuffer bytes = ByteBuffer.allocate(100);
            int n = file.read(0, bytes).toCompletableFuture().join();
            return new String(bytes.array(), 0, n, StandardCharsets.UTF_8);
        }
    }

    private static long lookups(NetfsSession session) {
        return session.stats().rpcs().getOrDefault("LOOKUP", 0L);
    }
}
