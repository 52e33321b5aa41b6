package io.fscache.smb;

import io.fscache.netfs.lib.ServerTruncation;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A file truncated on a real Samba share while open through an SMB mount reads as Samba has it. */
class SmbTruncationTest {

    @RegisterExtension
    static final SambaPeer PEER = new SambaPeer(Path.of("target", "smb-share", "truncation").toAbsolutePath(), 4460);

    @RegisterExtension
    final SmbRig rig = new SmbRig();

    // Broke: the read past Samba's new end of file returned 0x00 instead of end of file.
    @Test
    void aReadPastTheServersNewEndIsEndOfFileNotZeros() throws Exception {
        ServerTruncation.readPastTheNewEndIsEndOfFile(this::mount, PEER.shareDir());
    }

    // Broke: a read spanning Samba's new end returned the old length, zero-filled past the end.
    @Test
    void aReadAcrossTheServersNewEndIsShort() throws Exception {
        ServerTruncation.readAcrossTheNewEndIsShort(this::mount, PEER.shareDir());
    }

    // Broke: with readahead on, 2-3 of 12 streams returned up to 1 MiB of zeros.
    @Test
    void readaheadNeverHandsOutZerosAfterATruncation() throws Exception {
        ServerTruncation.readaheadNeverHandsOutZeros(this::mount, PEER.shareDir());
    }

    private FileSystem mount(String name, String... options) throws IOException {
        return rig.mount(name, PEER, options);
    }
}
