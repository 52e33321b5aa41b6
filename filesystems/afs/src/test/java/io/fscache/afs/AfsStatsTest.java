package io.fscache.afs;

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

/** An AFS session's stats against the real OpenAFS cell: the contract every protocol passes, and AFS's RPC kinds. */
class AfsStatsTest extends StatsContract {

    @Override
    protected Peer newPeer() {
        return new AfsPeer();
    }

    @Test
    void readsAndWritesAreCountedAsTheirCallsAndTheFilesystemSumsItsSession() throws Exception {
        Files.write(peer.export().resolve("f"), TestFiles.random(100_000, 3));
        try (RemoteFile file = session.open("/f", Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE))) {
            TestFiles.readFully(file, 100_000);
            TestFiles.writeFully(file, new byte[10]);
        }
        await("every call answered").atMost(Duration.ofSeconds(30)).until(() -> session.stats().inFlight() == 0);
        ProtocolStats stats = session.stats();
        assertTrue(stats.rpcs("FetchData64") >= 2 && stats.rpcs("StoreData64") >= 1, stats.toString());
        assertEquals(stats, ((AfsFilesystem) client).stats(), "the filesystem's sum over its one session");
    }

    /**
     * The contract's reconnect, as AFS has it. Rx has no connection to lose: a reconnect is a
     * fileserver that forgot the session (it restarted) meeting it again. And where the contract
     * expects a stat to fail while the server is down, an AFS client answers it under the callback
     * promise without a call (as kAFS does): the stat must succeed.
     */
    @Override
    @Test
    protected void aReconnectCountsOne() throws Exception {
        Files.write(peer.export().resolve("again.bin"), TestFiles.random(10, 4));
        try (RemoteFile file = session.open("/again.bin", Set.of(StandardOpenOption.READ))) {
            TestFiles.readFully(file, 10);
        }
        assertEquals(0, session.stats().reconnects(), "the first contact is no reconnect: " + session.stats());
        peer.stop();
        assertEquals(10, session.stat("/again.bin").size(), "answered under the callback promise");
        peer.start();
        // A read asks the fileserver (a stat would be answered by the promise): it meets the session anew.
        await("the restarted fileserver meets the session").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            try (RemoteFile file = session.open("/again.bin", Set.of(StandardOpenOption.READ))) {
                TestFiles.readFully(file, 10);
            }
            return session.stats().reconnects() > 0;
        });
        assertEquals(1, session.stats().reconnects(), session.stats().toString());
    }
}
