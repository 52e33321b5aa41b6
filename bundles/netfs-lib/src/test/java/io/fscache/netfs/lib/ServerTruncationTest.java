package io.fscache.netfs.lib;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ServerTruncation} over the local test server. */
class ServerTruncationTest {

    @TempDir
    Path dir;

    // Broke: the read past the server's new end returned 0x00 instead of end of file.
    @Test
    void aReadPastTheServersNewEndIsEndOfFileNotZeros() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            ServerTruncation.readPastTheNewEndIsEndOfFile(rig::mount, rig.server.serverFile(TestRig.EXPORT, "/"));
        }
    }

    // Broke: a read spanning the server's new end returned the old length, zero-filled past the end.
    @Test
    void aReadAcrossTheServersNewEndIsShort() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            ServerTruncation.readAcrossTheNewEndIsShort(rig::mount, rig.server.serverFile(TestRig.EXPORT, "/"));
        }
    }

    // Broke as (a fresh user's try): a handle kept reading a cached file whole, 50 MiB, after it was
    // truncated to 500 bytes on the server, since no read needed the server.
    @Test
    void aCachedFileEndsAtTheServersSizeWithinActimeo() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            ServerTruncation.aCachedFileEndsAtTheServersSizeWithinActimeo(rig::mount, rig.server.serverFile(TestRig.EXPORT, "/"));
        }
    }

    @Test
    void aCachedFileReplacedOnTheServerReadsAsItsOwn() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            ServerTruncation.aCachedFileReplacedOnTheServerReadsAsItsOwn(rig::mount, rig.server.serverFile(TestRig.EXPORT, "/"));
        }
    }

    // Broke: with readahead on, streams returned up to 1 MiB of zeros after a truncation on the server.
    @Test
    void readaheadNeverHandsOutZerosAfterATruncation() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            ServerTruncation.readaheadNeverHandsOutZeros(rig::mount, rig.server.serverFile(TestRig.EXPORT, "/"));
        }
    }
}
