package io.fscache.netfs.lib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.WriteTooLargeException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload stream alone: issuer, retryer and collector against the test server. */
class UploadTest {

    @TempDir
    Path dir;

    @Test
    void collectorReportsOnlyAContiguousPrefix() {
        Collector collector = new Collector(100);
        collector.completed(150, 50);
        assertEquals(100, collector.frontier());
        collector.completed(100, 20);
        assertEquals(120, collector.frontier());
        collector.completed(120, 30);
        assertEquals(200, collector.frontier());
    }

    @Test
    void writeTooLargeResplitsAndLaterSubrequestsUseTheLearnedSize() throws Exception {
        try (Server server = new Server(dir)) {
            server.fs.writeTooLargeAbove(3000);
            byte[] bytes = TestFiles.random(100_000, 1);
            Upload.Result result = Upload.run(server.file, new RpcLimiter(1), 64 * 1024, 1, 0, ByteBuffer.wrap(bytes));
            assertNull(result.failure());
            assertEquals(bytes.length, result.uploaded());
            assertArrayEquals(bytes, server.bytes());
            assertEquals(1, server.fs.writesTooLarge.get(), "one refusal, then every subrequest fits");
        }
    }

    @Test
    void concurrentSubrequestsShortWritesAndAnOffset() throws Exception {
        try (Server server = new Server(dir)) {
            server.fs.latency(Duration.ofMillis(2));
            server.fs.shortWrites(700);
            byte[] bytes = TestFiles.random(50_000, 2);
            Upload.Result result = Upload.run(server.file, new RpcLimiter(4), 4096, 4, 1000, ByteBuffer.wrap(bytes));
            assertNull(result.failure());
            assertEquals(bytes.length, result.uploaded());
            byte[] written = server.bytes();
            assertEquals(51_000, written.length);
            assertArrayEquals(bytes, Arrays.copyOfRange(written, 1000, 51_000));
            assertTrue(server.fs.maxInFlight.get() <= 4);
        }
    }

    @Test
    void aFailureReportsThePrefixTheServerHas() throws Exception {
        try (Server server = new Server(dir)) {
            AtomicInteger calls = new AtomicInteger();
            RemoteFile failingThird = new DelegatingFile(server.file) {
                @Override
                public CompletionStage<Integer> write(long position, ByteBuffer src) {
                    if (position == 2000 && calls.incrementAndGet() == 1) {
                        return CompletableFuture.failedFuture(new IOException("no space on server"));
                    }
                    return super.write(position, src);
                }
            };
            Upload.Result result = Upload.run(failingThird, new RpcLimiter(2), 1000, 2, 0, ByteBuffer.allocate(5000));
            assertEquals("no space on server", result.failure().getMessage());
            assertEquals(2000, result.uploaded(), "subrequests after the failed one do not count");
        }
    }

    @Test
    void aRefusalOfAWriteWithinTheServersOwnLimitIsFinal() throws Exception {
        try (Server server = new Server(dir)) {
            RemoteFile contradictory = new DelegatingFile(server.file) {
                @Override
                public CompletionStage<Integer> write(long position, ByteBuffer src) {
                    return CompletableFuture.failedFuture(new WriteTooLargeException("too large", src.remaining()));
                }
            };
            Upload.Result result = Upload.run(contradictory, new RpcLimiter(1), 1000, 1, 0, ByteBuffer.allocate(900));
            assertTrue(result.failure() instanceof WriteTooLargeException);
            assertEquals(0, result.uploaded());
        }
    }

    /** One file on the test server. */
    private static final class Server implements AutoCloseable {
        final LocalNetworkFilesystem fs;
        final NetfsSession session;
        final RemoteFile file;
        final Path local;

        Server(Path dir) throws IOException {
            Files.createDirectories(dir.resolve("e"));
            fs = new LocalNetworkFilesystem(dir);
            fs.limits(new IoLimits(64 * 1024, 64 * 1024, 4));
            session = fs.connect(URI.create("local://h/e"), Map.of());
            file = session.open("/f", Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE));
            local = fs.serverFile("e", "/f");
        }

        byte[] bytes() throws IOException {
            return Files.readAllBytes(local);
        }

        @Override
        public void close() throws IOException {
            file.close();
            session.close();
            fs.close();
        }
    }

    private static class DelegatingFile implements RemoteFile {
        private final RemoteFile real;

        DelegatingFile(RemoteFile real) {
            this.real = real;
        }

        @Override
        public FileAttributes attributes() {
            return real.attributes();
        }

        @Override
        public FileAttributes refresh() throws IOException {
            return real.refresh();
        }

        @Override
        public CompletionStage<Integer> read(long position, ByteBuffer dst) {
            return real.read(position, dst);
        }

        @Override
        public CompletionStage<Integer> write(long position, ByteBuffer src) {
            return real.write(position, src);
        }

        @Override
        public void truncate(long size) throws IOException {
            real.truncate(size);
        }

        @Override
        public void fsync() throws IOException {
            real.fsync();
        }

        @Override
        public void close() throws IOException {
            real.close();
        }
    }
}
