package io.fscache.ninep;

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
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A session's {@link ProtocolStats} against a real diod: what the shell and JMX show per mount. */
class NinePStatsTest {

    @RegisterExtension
    static final DiodServer diod = DiodServer.on("stats");
    private NinePFilesystem ninep;
    private NetfsSession session;

    @BeforeEach
    void connect() throws IOException {
        ninep = new NinePFilesystem(1);
        session = ninep.connect(diod.uri(), Map.of("msize", "32768"));
    }

    @AfterEach
    void close() throws IOException {
        session.close();
        ninep.close();
    }

    @Test
    void aReadOfNBytesCountsNBytesAndItsTreads() throws Exception {
        byte[] content = diod.file("read", 200_000, 1);
        try (RemoteFile file = session.open("/read", Set.of(StandardOpenOption.READ))) {
            assertArrayEquals(content, TestFiles.readFully(file, content.length));
        }
        ProtocolStats stats = session.stats();
        assertEquals(content.length, stats.readBytes(), stats.toString());
        assertTrue(stats.rpcs("Tread") >= content.length / 32768, "one Tread per msize at most: " + stats);
        assertEquals(0, stats.writtenBytes());
        assertEquals(0, stats.inFlight(), "every request was answered");
        assertTrue(stats.peakInFlight() >= 1);
        assertEquals(0, stats.errors());
        assertEquals(stats, ninep.stats(), "the filesystem's sum over its one session");
    }

    @Test
    void aWriteCountsTheAcknowledgedBytes() throws Exception {
        diod.file("written", 0, 2);
        byte[] data = new byte[70_000];
        Arrays.fill(data, (byte) 7);
        try (RemoteFile file = session.open("/written", Set.of(StandardOpenOption.WRITE))) {
            TestFiles.writeFully(file, data);
        }
        ProtocolStats stats = session.stats();
        assertEquals(data.length, stats.writtenBytes(), stats.toString());
        assertTrue(stats.rpcs("Twrite") >= 3, "70000 bytes take three Twrites at msize 32768: " + stats);
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
        diod.file("again", 10, 3);
        session.stat("/again");
        diod.stop();
        assertThrows(IOException.class, () -> session.stat("/again"));
        diod.start();
        assertEquals(10, session.stat("/again").size());
        await().until(() -> session.stats().reconnects() == 1);
    }
}
