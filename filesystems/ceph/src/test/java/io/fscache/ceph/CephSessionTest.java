package io.fscache.ceph;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.contract.Shell;
import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What only Ceph does: inode references, cephx refusals, the volume key, the change attribute. */
class CephSessionTest {

    private static final CephPeer peer = new CephPeer("session");

    @BeforeAll
    static void startCluster() throws Exception {
        peer.start();
    }

    @BeforeEach
    void emptyExport() throws Exception {
        Shell.empty(peer.export());
    }

    @Test
    void everyInodeReferenceTakenIsReleased() throws Exception {
        Files.createDirectories(peer.export().resolve("d/e"));
        Files.write(peer.export().resolve("d/e/f"), TestFiles.random(100_000, 1));
        try (CephSession session = connect()) {
            assertEquals(1, session.heldInodes(), "the mount's root");
            session.stat("/d/e/f");
            session.list("/d/e");
            session.space();
            assertThrows(NoSuchFileException.class, () -> session.stat("/d/missing/deeper"));
            session.mkdir("/d/g");
            try (RemoteFile file = session.open("/d/e/f", Set.of(READ))) {
                assertEquals(2, session.heldInodes(), "the root and the open file");
                TestFiles.readFully(file, 100_000);
            }
            try (RemoteFile file = session.open("/d/g/new", Set.of(WRITE, CREATE))) {
                TestFiles.writeFully(file, new byte[] {1, 2, 3});
                file.truncate(2);
            }
            session.rename("/d/g/new", "/d/e/renamed");
            session.delete("/d/e/renamed");
            session.delete("/d/g");
            assertEquals(1, session.heldInodes(), "every lookup, create and mkdir put its references back");
            session.open("/d/e/f", Set.of(READ));
        }
    }

    @Test
    void aWrongKeyIsRefusedAtOnceAsPermissionDenied() throws IOException {
        String key = CephOptions.keyFromFile(peer.cluster().keyring, CephCluster.CLIENT);
        // One character of the secret itself changed: a well-formed key the monitor does not know.
        String wrong = key.substring(0, 30) + (key.charAt(30) == 'A' ? 'B' : 'A') + key.substring(31);
        IOException e = assertThrows(IOException.class, () -> new CephFilesystem().connect(peer.uri(),
                Map.of("secret", wrong, "timeout", "300s")));
        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("permission denied"), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:3300"), "names the cluster: " + e.getMessage());
        assertFalse(e.getMessage().contains(wrong.substring(0, 12)), "never the key: " + e.getMessage());
    }

    @Test
    void theVolumeIsTheClustersFsidAndTheFilesystemsId() throws Exception {
        String fsid = Files.readAllLines(peer.cluster().conf).stream().filter(line -> line.startsWith("fsid = "))
                .findFirst().orElseThrow().substring("fsid = ".length());
        try (CephSession session = connect()) {
            assertEquals("ceph," + fsid + ",1", session.volumeKey());
        }
    }

    @Test
    void theChangeAttributeIsTheCoherencyData() throws Exception {
        Files.write(peer.export().resolve("f"), TestFiles.random(4096, 2));
        try (CephSession session = connect()) {
            byte[] change = session.stat("/f").changeId();
            assertEquals(16, change.length, "stx_version and the size: the MDS granted the shared caps");
            try (RemoteFile file = session.open("/f", Set.of(WRITE))) {
                TestFiles.writeFully(file, new byte[] {9});
            }
            assertFalse(java.util.Arrays.equals(change, session.stat("/f").changeId()), "our write moved it");
        }
    }

    @Test
    void aMonitorThatIsNotThereFailsAtOnceNamingIt() {
        IOException e = assertThrows(IOException.class, () -> new CephFilesystem().connect(
                io.fscache.netfs.NetfsUri.parse("ceph://127.0.0.1:1/cephfs"), Map.of("timeout", "300s")));
        assertEquals("cannot reach the ceph monitor 127.0.0.1:1: connection refused", e.getMessage());
    }

    private static CephSession connect() throws IOException {
        return (CephSession) new CephFilesystem().connect(peer.uri(), peer.options());
    }
}
