package io.fscache.netfs.contract;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.ProtocolStats;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a session's {@link ProtocolStats} owe the shell's {@code netfs:stats} and JMX, for every
 * protocol against its real server: bytes read and written counted once, every request answered,
 * a refusal counted as an error and an ordinary negative answer not, a reconnect counted once. The
 * protocol's own test names its RPC kinds.
 */
public abstract class StatsContract extends SessionPeerContract {

    @Test
    void aReadOfNBytesCountsNBytes() throws Exception {
        byte[] content = TestFiles.random(200_000, 1);
        Files.write(peer.export().resolve("read.bin"), content);
        try (RemoteFile file = session.open("/read.bin", Set.of(StandardOpenOption.READ))) {
            assertArrayEquals(content, TestFiles.readFully(file, content.length));
        }
        ProtocolStats stats = answered();
        assertEquals(content.length, stats.readBytes(), stats.toString());
        assertEquals(0, stats.writtenBytes(), stats.toString());
        assertTrue(stats.peakInFlight() >= 1, stats.toString());
        assertEquals(0, stats.errors(), stats.toString());
    }

    @Test
    void aWriteCountsTheAcknowledgedBytes() throws Exception {
        Files.write(peer.export().resolve("written.bin"), new byte[0]);
        byte[] data = TestFiles.random(200_000, 2);
        try (RemoteFile file = session.open("/written.bin", Set.of(StandardOpenOption.WRITE))) {
            TestFiles.writeFully(file, data);
            file.fsync();
        }
        ProtocolStats stats = answered();
        assertEquals(data.length, stats.writtenBytes(), stats.toString());
        assertEquals(0, stats.errors(), stats.toString());
        assertArrayEquals(data, Files.readAllBytes(peer.export().resolve("written.bin")));
    }

    // Broke as: a lookup's ordinary "no such file" counted as a failed request (a clean netfs:put
    // showed Errors=5 on NFS).
    @Test
    void aRefusedRequestCountsOneErrorAndANegativeLookupNone() throws IOException {
        assertThrows(NoSuchFileException.class, () -> session.stat("/missing"));
        assertEquals(0, session.stats().errors(), session.stats().toString());
        session.mkdir("/twice");
        assertThrows(FileAlreadyExistsException.class, () -> session.mkdir("/twice"));
        assertEquals(1, session.stats().errors(), session.stats().toString());
    }

    /** A protocol whose client answers a stat without the server (AFS, under a callback promise) overrides this. */
    @Test
    protected void aReconnectCountsOne() throws Exception {
        Files.write(peer.export().resolve("again.bin"), new byte[10]);
        session.stat("/again.bin");
        peer.stop();
        assertThrows(IOException.class, () -> session.stat("/again.bin"));
        peer.start();
        await("the session reconnects").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> session.stat("/again.bin").size() == 10);
        assertEquals(1, session.stats().reconnects(), session.stats().toString());
    }

    /**
     * The session's counts once every request was answered: a close may send its last request
     * without waiting for the answer (9P's Tclunk), so the count in flight reaches 0 soon after.
     */
    private ProtocolStats answered() {
        await("every request answered").atMost(Duration.ofSeconds(30)).until(() -> session.stats().inFlight() == 0);
        return session.stats();
    }
}
