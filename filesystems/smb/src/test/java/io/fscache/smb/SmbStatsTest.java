package io.fscache.smb;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.ProtocolStats;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A session's {@link ProtocolStats} against a real Samba: what the shell and JMX show per mount. */
class SmbStatsTest {

    @RegisterExtension
    static final SambaPeer PEER = new SambaPeer("stats");
    private SmbFilesystem smb;
    private NetfsSession session;

    @BeforeEach
    void connect() throws IOException {
        smb = new SmbFilesystem();
        session = smb.connect(PEER.uri(), PEER.options());
    }

    @AfterEach
    void close() throws IOException {
        session.close();
        smb.close();
    }

    @Test
    void aReadOfNBytesCountsNBytesAndItsReads() throws Exception {
        byte[] content = TestFiles.random(3 << 20, 1);
        Files.write(PEER.shareDir().resolve("read.bin"), content);
        try (RemoteFile file = session.open("/read.bin", Set.of(StandardOpenOption.READ))) {
            assertArrayEquals(content, TestFiles.readFully(file, content.length));
        }
        ProtocolStats stats = session.stats();
        assertEquals(content.length, stats.readBytes(), stats.toString());
        assertTrue(stats.rpcs("READ") >= 1, stats.toString());
        assertTrue(stats.rpcs("metadata") >= 2, "the open and the close: " + stats);
        assertEquals(0, stats.writtenBytes());
        assertEquals(0, stats.inFlight(), "every request was answered");
        assertEquals(0, stats.errors());
        assertEquals(stats, smb.stats(), "the filesystem's sum over its one session");
    }

    @Test
    void aWriteCountsTheAcknowledgedBytes() throws Exception {
        Files.write(PEER.shareDir().resolve("written.bin"), new byte[0]);
        byte[] data = new byte[200_000];
        Arrays.fill(data, (byte) 7);
        try (RemoteFile file = session.open("/written.bin", Set.of(StandardOpenOption.WRITE))) {
            TestFiles.writeFully(file, data);
        }
        ProtocolStats stats = session.stats();
        assertEquals(data.length, stats.writtenBytes(), stats.toString());
        assertTrue(stats.rpcs("WRITE") >= 1, stats.toString());
    }

    // Broke as: a lookup's ordinary "no such file" counted as a failed request (a clean put showed errors).
    @Test
    void aRefusedRequestCountsOneErrorAndANegativeLookupNone() throws IOException {
        assertThrows(NoSuchFileException.class, () -> session.stat("/missing"));
        assertEquals(0, session.stats().errors(), session.stats().toString());
        String twice = "/twice-" + System.nanoTime();
        session.mkdir(twice);
        assertThrows(FileAlreadyExistsException.class, () -> session.mkdir(twice));
        assertEquals(1, session.stats().errors(), session.stats().toString());
        session.delete(twice);
    }

    @Test
    void aReconnectCountsOne() throws Exception {
        Files.write(PEER.shareDir().resolve("again.bin"), new byte[10]);
        session.stat("/again.bin");
        PEER.stop();
        assertThrows(IOException.class, () -> session.stat("/again.bin"));
        PEER.start();
        await().atMost(60, TimeUnit.SECONDS).ignoreExceptions().until(() -> session.stat("/again.bin").size() == 10);
        assertEquals(1, session.stats().reconnects(), session.stats().toString());
    }
}
