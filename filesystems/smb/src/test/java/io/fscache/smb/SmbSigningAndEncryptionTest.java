package io.fscache.smb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.contract.MountRig;
import io.fscache.netfs.lib.TestFiles;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SMB3 sealing and signing against a real Samba: the same bytes either way, and smbd sees the cipher. */
class SmbSigningAndEncryptionTest {

    @RegisterExtension
    static final SambaPeer PEER = new SambaPeer("sealed");

    @RegisterExtension
    final MountRig<SmbFilesystem> rig = new MountRig<>(PEER, new SmbFilesystem());

    @Test
    void encryptedAndSignedSessionsMoveTheSameBytes() throws Exception {
        PEER.clearShare();
        byte[] bytes = TestFiles.random(5 << 20, 6);
        FileSystem sealed = rig.mount("sealed", "seal", "true", "cache", "none");
        Files.write(sealed.getPath("/sealed.bin"), bytes);
        assertArrayEquals(bytes, Files.readAllBytes(PEER.export().resolve("sealed.bin")));
        assertArrayEquals(bytes, Files.readAllBytes(sealed.getPath("/sealed.bin")));
        String status = PEER.smbstatus();
        assertTrue(Pattern.compile("AES-\\d+-(GCM|CCM)").matcher(status).find(),
                "smbd reports an encrypted session:\n" + status);

        FileSystem signed = rig.mount("signed", "sign", "true", "encrypt", "false", "cache", "none");
        assertArrayEquals(bytes, Files.readAllBytes(signed.getPath("/sealed.bin")));
        Files.write(signed.getPath("/signed.bin"), bytes);
        assertArrayEquals(bytes, Files.readAllBytes(PEER.export().resolve("signed.bin")));
    }
}
