package io.fscache.smb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileType;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SMB filesystem behind an NIO mount with a real cache, against a real Samba. */
class SmbMountTest {

    @RegisterExtension
    static final SambaPeer PEER = new SambaPeer(Path.of("target", "smb-share", "mount").toAbsolutePath(), 4446);

    @RegisterExtension
    final SmbRig rig = new SmbRig();

    private Path share;

    @BeforeEach
    void setUp() throws IOException {
        share = PEER.shareDir();
        try (Stream<Path> old = Files.list(share)) {
            for (Path path : (Iterable<Path>) old::iterator) {
                deleteTree(path);
            }
        }
    }

    @Test
    void theMountsFileStoreReportsTheSharesCapacity() throws Exception {
        FileSystem fs = rig.mount("space", PEER);
        FileStore store = Files.getFileStore(fs.getPath("/"));
        long total = store.getTotalSpace();
        long local = Files.getFileStore(share).getTotalSpace();
        // Samba reports the size of the filesystem holding the share, in its own allocation units.
        assertTrue(Math.abs(total - local) <= local / 1000, "share " + total + " vs local " + local);
        assertTrue(store.getUsableSpace() <= store.getUnallocatedSpace() && store.getUnallocatedSpace() <= total);
        assertEquals("smb", store.type());
    }

    @Test
    void createWriteReadListRenameTruncateAndDeleteReachTheShare() throws Exception {
        FileSystem fs = rig.mount("m", PEER);
        byte[] bytes = TestFiles.random(3 << 20, 1);

        Files.createDirectory(fs.getPath("/dir"));
        assertTrue(Files.isDirectory(share.resolve("dir")));
        Files.write(fs.getPath("/dir/a.bin"), bytes);
        assertArrayEquals(bytes, Files.readAllBytes(share.resolve("dir/a.bin")), "the bytes are on the server");
        assertArrayEquals(bytes, Files.readAllBytes(fs.getPath("/dir/a.bin")));
        assertEquals(bytes.length, Files.size(fs.getPath("/dir/a.bin")));

        Files.writeString(share.resolve("dir/b.txt"), "made on the server");
        try (Stream<Path> listing = Files.list(fs.getPath("/dir"))) {
            assertEquals(List.of("a.bin", "b.txt"), listing.map(p -> p.getFileName().toString()).sorted().toList());
        }

        Files.move(fs.getPath("/dir/a.bin"), fs.getPath("/dir/c.bin"));
        assertFalse(Files.exists(share.resolve("dir/a.bin")));
        assertArrayEquals(bytes, Files.readAllBytes(share.resolve("dir/c.bin")));
        assertArrayEquals(bytes, Files.readAllBytes(fs.getPath("/dir/c.bin")));

        try (SeekableByteChannel channel = Files.newByteChannel(fs.getPath("/dir/c.bin"), StandardOpenOption.WRITE)) {
            channel.truncate(1000);
        }
        assertEquals(1000, Files.size(share.resolve("dir/c.bin")));
        byte[] head = new byte[1000];
        System.arraycopy(bytes, 0, head, 0, 1000);
        assertArrayEquals(head, Files.readAllBytes(fs.getPath("/dir/c.bin")));

        assertThrows(IOException.class, () -> Files.delete(fs.getPath("/dir")), "the directory is not empty");
        Files.delete(fs.getPath("/dir/c.bin"));
        Files.delete(fs.getPath("/dir/b.txt"));
        Files.delete(fs.getPath("/dir"));
        assertFalse(Files.exists(share.resolve("dir")));
        assertThrows(NoSuchFileException.class, () -> Files.readAllBytes(fs.getPath("/dir/c.bin")));
    }

    @Test
    void aSessionUsesTheNegotiatedLimitsAndTheServersFileIds() throws Exception {
        Files.write(share.resolve("id.bin"), new byte[10]);
        try (NetfsSession session = rig.smb.connect(PEER.uri(), PEER.options())) {
            assertEquals("smb,127.0.0.1:4446,share", session.volumeKey());
            IoLimits limits = session.limits();
            assertTrue(limits.maxReadSize() > 65536 && limits.maxWriteSize() > 65536, "multi-credit I/O: " + limits);
            assertTrue(limits.maxInFlight() > 1, limits.toString());
            FileAttributes attributes = session.stat("/id.bin");
            long inode = (Long) Files.getAttribute(share.resolve("id.bin"), "unix:ino");
            assertArrayEquals(ByteBuffer.allocate(8).putLong(inode).array(), attributes.fileId(),
                    "the cookie key is Samba's file id, the inode number");
            assertEquals(FileType.DIRECTORY, session.stat("/").type());
            session.rename("/id.bin", "/renamed.bin");
            assertArrayEquals(attributes.fileId(), session.stat("/renamed.bin").fileId(), "ids survive renames");
            String status = PEER.smbstatus();
            assertTrue(status.contains("SMB3_11"), "SMB 3.1.1 negotiated:\n" + status);
        }
    }

    @Test
    void aLargeFileReadTwiceComesFromTheCacheTheSecondTime() throws Exception {
        int size = 64 << 20;
        byte[] bytes = TestFiles.random(size, 2);
        TestFiles.age(Files.write(share.resolve("big.bin"), bytes));
        FileSystem fs = rig.mount("m", PEER);

        assertArrayEquals(bytes, TestFiles.readAll(fs.getPath("/big.bin"), 1 << 20));
        assertTrue(rig.smb.stats().readBytes() >= size, "the first read came from the server: " + rig.smb.stats());
        assertTrue(rig.smb.stats().peakInFlight() > 1, "one reader kept several READs on the wire: " + rig.smb.stats());
        rig.awaitCached(size);

        long serverBytes = rig.smb.stats().readBytes();
        long cacheBytes = rig.stat("IO", "rdb");
        assertArrayEquals(bytes, TestFiles.readAll(fs.getPath("/big.bin"), 1 << 20));
        assertEquals(serverBytes, rig.smb.stats().readBytes(), "no SMB READ for the second read");
        assertEquals(cacheBytes + size, rig.stat("IO", "rdb"), "the cache served the whole file");
    }

    @Test
    void aFileChangedOnTheServerIsFetchedAgainOnTheNextOpen() throws Exception {
        Path onServer = share.resolve("changing.bin");
        byte[] first = TestFiles.random(1 << 20, 3);
        Files.write(onServer, first);
        FileSystem fs = rig.mount("m", PEER);
        assertArrayEquals(first, Files.readAllBytes(fs.getPath("/changing.bin")));
        rig.awaitCached(first.length);

        byte[] second = TestFiles.random(1 << 20, 4);
        Files.write(onServer, second);
        Files.setLastModifiedTime(onServer, FileTime.from(Instant.now().plusSeconds(5)));
        long before = rig.smb.stats().readBytes();
        assertArrayEquals(second, Files.readAllBytes(fs.getPath("/changing.bin")), "the new bytes, not the cached");
        assertTrue(rig.smb.stats().readBytes() - before >= second.length, "fetched from the server again");
    }

    @Test
    void wrongCredentialsNameTheStatusButNotThePassword() {
        IOException e = assertThrows(IOException.class,
                () -> rig.smb.connect(PEER.uri(), PEER.options("password", "not-the-password")));
        assertTrue(e instanceof AccessDeniedException, e.toString());
        assertTrue(e.getMessage().contains("wrong user name or password for smbpeer@127.0.0.1:4446"), e.getMessage());
        assertTrue(e.getMessage().contains("STATUS_LOGON_FAILURE"), e.getMessage());
        assertFalse(messages(e).contains("not-the-password"), messages(e));
    }

    @Test
    void anUnknownShareIsNamed() {
        URI uri = URI.create("smb://smbpeer@127.0.0.1:" + PEER.port() + "/nosuch");
        IOException e = assertThrows(NoSuchFileException.class, () -> rig.smb.connect(uri, PEER.options()));
        assertTrue(e.getMessage().contains("no share 'nosuch' on 127.0.0.1:4446 (STATUS_BAD_NETWORK_NAME)"),
                e.getMessage());
    }

    @Test
    void aFileHeldWithoutSharingByAnotherClientIsReportedInUse() throws Exception {
        Files.write(share.resolve("locked.bin"), TestFiles.random(1000, 5));
        FileSystem fs = rig.mount("m", PEER);
        try (SMBClient other = new SMBClient();
                Connection connection = other.connect("127.0.0.1", PEER.port());
                Session session = connection.authenticate(new AuthenticationContext(SambaPeer.USER,
                        SambaPeer.PASSWORD.toCharArray(), "WORKGROUP"));
                DiskShare otherShare = (DiskShare) session.connectShare(SambaPeer.SHARE);
                File held = otherShare.openFile("locked.bin", EnumSet.of(AccessMask.GENERIC_ALL), null, Set.of(),
                        SMB2CreateDisposition.FILE_OPEN, null)) {
            assertEquals(1000, held.getFileInformation().getStandardInformation().getEndOfFile(), "held elsewhere");
            FileSystemException e = assertThrows(FileSystemException.class,
                    () -> Files.readAllBytes(fs.getPath("/locked.bin")));
            assertTrue(messages(e).contains("is in use by another client (STATUS_SHARING_VIOLATION)"), messages(e));
            try (NetfsSession ours = rig.smb.connect(PEER.uri(), PEER.options())) {
                assertEquals(1000, ours.stat("/locked.bin").size(), "stat opens for attributes only");
            }
        }
        assertEquals(1000, Files.readAllBytes(fs.getPath("/locked.bin")).length, "readable once released");
    }

    @Test
    void encryptedAndSignedSessionsMoveTheSameBytes() throws Exception {
        byte[] bytes = TestFiles.random(5 << 20, 6);
        FileSystem sealed = rig.mount("sealed", PEER, "seal", "true", "cache", "none");
        Files.write(sealed.getPath("/sealed.bin"), bytes);
        assertArrayEquals(bytes, Files.readAllBytes(share.resolve("sealed.bin")));
        assertArrayEquals(bytes, Files.readAllBytes(sealed.getPath("/sealed.bin")));
        String status = PEER.smbstatus();
        assertTrue(Pattern.compile("AES-\\d+-(GCM|CCM)").matcher(status).find(),
                "smbd reports an encrypted session:\n" + status);

        FileSystem signed = rig.mount("signed", PEER, "sign", "true", "encrypt", "false", "cache", "none");
        assertArrayEquals(bytes, Files.readAllBytes(signed.getPath("/sealed.bin")));
        Files.write(signed.getPath("/signed.bin"), bytes);
        assertArrayEquals(bytes, Files.readAllBytes(share.resolve("signed.bin")));
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" / ");
        }
        return all.toString();
    }

    private static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (Stream<Path> children = Files.list(path)) {
                for (Path child : (Iterable<Path>) children::iterator) {
                    deleteTree(child);
                }
            }
        }
        Files.delete(path);
    }
}
