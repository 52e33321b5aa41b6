package io.fscache.ninep;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.contract.MountRig;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every fid is clunked before a session's connection closes, on every path. Issue 12: diod logged
 * "connection closed with N unclunked fids" after listing and opening odd names: diod makes the new
 * fid of a walk that stops part way (its Rwalk carries fewer qids than names), and the client took
 * such a walk for one that made nothing and never clunked it.
 */
class UnclunkedFidsTest {

    @RegisterExtension
    static final DiodServer diod = DiodServer.on("fids");

    @BeforeAll
    static void populate() throws Exception {
        diod.sh("mkdir -p mix/sub && printf one > mix/a && printf L1 > mix/$'caf\\xe9' && printf X > mix/$'\\xff'");
    }

    @Test
    void aMountLeavesNoFidBehindAfterABroadMixOfCallsThatFail() throws Exception {
        int logged = diod.log().length();
        try (MountRig<NinePFilesystem> rig = new MountRig<>(diod, new NinePFilesystem(2))) {
            FileSystem fs = rig.mount("mix");
            Path mix = fs.getPath("/mix");
            try (Stream<Path> list = Files.list(mix)) {
                for (Path path : list.toList()) {
                    if (Files.isRegularFile(path)) {
                        Files.readAllBytes(path);
                    }
                }
            }
            assertEquals(3, Files.size(mix.resolve("a")));
            assertFalse(Files.exists(mix.resolve("missing")));
            assertFalse(Files.exists(mix.resolve("sub/missing/deeper")), "a walk that stops part way");
            assertFalse(Files.exists(mix.resolve("caf\uFFFD")), "the name the issue confused \\xe9 with");
            assertThrows(NoSuchFileException.class, () -> Files.readAllBytes(mix.resolve("sub/missing")));
            assertThrows(IOException.class, () -> Files.readAllBytes(mix.resolve("sub")), "a directory opened as a file");
            assertThrows(FileAlreadyExistsException.class, () -> Files.createFile(mix.resolve("a")));
            assertThrows(NoSuchFileException.class, () -> Files.createFile(mix.resolve("sub/nodir/x")));
            assertThrows(NoSuchFileException.class, () -> Files.move(mix.resolve("a"), mix.resolve("sub/nodir/a")));
            assertThrows(NoSuchFileException.class, () -> Files.delete(mix.resolve("sub/missing")));
            assertThrows(NoSuchFileException.class, () -> Files.delete(mix.resolve("sub/nodir/missing")));
            assertThrows(InvalidPathException.class, () -> Files.createFile(mix.resolve("lone\uD800")));
            try (var open = Files.newByteChannel(mix.resolve("a"), StandardOpenOption.READ)) {
                open.read(java.nio.ByteBuffer.allocate(8));
            }
            // Left open: the unmount closes it.
            Files.newByteChannel(mix.resolve("caf\uDCE9"), StandardOpenOption.READ);
        }
        assertNoUnclunkedFids(logged);
    }

    @Test
    void aSessionClosedWhileCallsAreInFlightLeavesNoFidBehind() throws Exception {
        int logged = diod.log().length();
        NinePFilesystem ninep = new NinePFilesystem(1);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            NinePSession session = (NinePSession) ninep.connect(diod.uri(), Map.of("pipeline", "4"));
            Connection connection = session.attached().join().connection();
            session.open("/mix/a", Set.of(StandardOpenOption.READ)); // left open: the session's close closes it
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(callers.submit(() -> busy(session)));
            }
            // Wait until the callers hold fids, then close under them.
            await("calls are in flight").until(() -> connection.fids().outstanding().size() > 1);
            session.close();
            for (Future<?> call : calls) {
                call.get();
            }
            assertNoUnclunkedFids(logged);
            assertEquals(List.of(), connection.fids().outstanding(), "fids the client still counts as out");
        } finally {
            callers.shutdownNow();
            ninep.close();
        }
    }

    /** Lists, stats and opens, found and missing, until the session is closed. */
    private static void busy(NetfsSession session) {
        while (true) {
            try {
                session.list("/mix");
                session.stat("/mix/a");
                session.open("/mix/a", Set.of(StandardOpenOption.READ)).close();
                expectMissing(() -> session.stat("/mix/sub/missing/deeper"));
                expectMissing(() -> session.open("/mix/sub/missing", Set.of()));
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().contains("closed")) {
                    return;
                }
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** A call that must find nothing; any other failure (the session closing) is thrown. */
    private static void expectMissing(Callable<?> call) throws IOException {
        try {
            call.call();
            fail("found what does not exist");
        } catch (NoSuchFileException expected) {
            // As it should.
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What diod logged since {@code logged} (the log's length before the test) reports no unclunked fid. */
    private static void assertNoUnclunkedFids(int logged) throws IOException {
        diod.awaitConnectionsClosed();
        String log = diod.log().substring(logged);
        assertFalse(log.contains("unclunked"), log);
    }
}
