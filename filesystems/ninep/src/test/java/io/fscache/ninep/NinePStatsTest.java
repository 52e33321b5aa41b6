package io.fscache.ninep;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.ProtocolStats;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.contract.Peer;
import io.fscache.netfs.contract.StatsContract;
import io.fscache.netfs.lib.TestFiles;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A 9P session's stats against a real diod: the contract every protocol passes, and 9P's RPC kinds. */
class NinePStatsTest extends StatsContract {

    @Override
    protected Peer newPeer() {
        return DiodServer.on("stats");
    }

    @Test
    void readsAndWritesAreCountedAsTheirTmessagesAndTheFilesystemSumsItsSession() throws Exception {
        Files.write(peer.export().resolve("f"), TestFiles.random(100_000, 3));
        try (RemoteFile file = session.open("/f", Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE))) {
            TestFiles.readFully(file, 100_000);
            TestFiles.writeFully(file, new byte[10]);
        }
        // The close's Tclunk is not waited for: compare once it is answered, so both snapshots agree.
        await("the Tclunk answered").atMost(Duration.ofSeconds(30)).until(() -> session.stats().inFlight() == 0);
        ProtocolStats stats = session.stats();
        assertTrue(stats.rpcs("Tread") >= 1 && stats.rpcs("Twrite") >= 1 && stats.rpcs("Twalk") >= 1, stats.toString());
        assertEquals(stats, ((NinePFilesystem) client).stats(), "the filesystem's sum over its one session");
    }
}
