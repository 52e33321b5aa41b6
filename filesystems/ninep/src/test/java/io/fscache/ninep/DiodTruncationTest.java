package io.fscache.ninep;

import io.fscache.netfs.lib.ServerTruncation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A file truncated on a real diod while open through a 9P mount reads as diod has it. */
class DiodTruncationTest {

    @RegisterExtension
    static final DiodServer diod = DiodServer.on("truncation", 5671);
    @RegisterExtension
    final MountRig rig = new MountRig(diod);

    // Broke: the read past diod's new end of file returned 0x00 instead of end of file.
    @Test
    void aReadPastTheServersNewEndIsEndOfFileNotZeros() throws Exception {
        ServerTruncation.readPastTheNewEndIsEndOfFile(rig::mount, diod.export);
    }

    // Broke: a read spanning diod's new end returned the old length, zero-filled past the end.
    @Test
    void aReadAcrossTheServersNewEndIsShort() throws Exception {
        ServerTruncation.readAcrossTheNewEndIsShort(rig::mount, diod.export);
    }

    // Broke: with readahead on, 2-3 of 12 streams returned up to 1 MiB of zeros.
    @Test
    void readaheadNeverHandsOutZerosAfterATruncation() throws Exception {
        ServerTruncation.readaheadNeverHandsOutZeros(rig::mount, diod.export);
    }
}
