package io.fscache.smb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.ProtocolStats;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.contract.Peer;
import io.fscache.netfs.contract.StatsContract;
import io.fscache.netfs.lib.TestFiles;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An SMB session's stats against a real Samba: the contract every protocol passes, and SMB's kinds.
 * smbj sends a metadata operation as several requests (CREATE, QUERY_INFO, CLOSE, ...) that the
 * session counts as one {@code metadata}.
 */
class SmbStatsTest extends StatsContract {

    @Override
    protected Peer newPeer() {
        return new SambaPeer("stats");
    }

    @Test
    void readsAndWritesAreCountedAsTheirRequestsAndTheFilesystemSumsItsSession() throws Exception {
        Files.write(peer.export().resolve("f"), TestFiles.random(100_000, 3));
        try (RemoteFile file = session.open("/f", Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE))) {
            TestFiles.readFully(file, 100_000);
            TestFiles.writeFully(file, new byte[10]);
        }
        ProtocolStats stats = session.stats();
        assertTrue(stats.rpcs("READ") >= 1 && stats.rpcs("WRITE") >= 1, stats.toString());
        assertTrue(stats.rpcs("metadata") >= 2, "the open and the close: " + stats);
        assertEquals(stats, ((SmbFilesystem) client).stats(), "the filesystem's sum over its one session");
    }
}
