package io.fscache.ninep;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fscache.netfs.contract.MountRig;
import io.fscache.netfs.lib.TestFiles;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A file rewritten in place on the server with its mtime put back, through a mount with a cache.
 * Issue 12: the coherency data was qid version, mtime and size, all unchanged, so every later open
 * served the cached {@code AAAA} although the server held {@code BBBB}; only the ctime had moved.
 */
class RestoredMtimeTest {

    @RegisterExtension
    static final DiodServer diod = DiodServer.on("mtime");
    @RegisterExtension
    final MountRig<NinePFilesystem> rig = new MountRig<>(diod, new NinePFilesystem(2));

    @Test
    void aRewriteWhoseMtimeWasRestoredIsSeenOnTheNextOpen() throws Exception {
        Path onServer = diod.export().resolve("f");
        // An old file: its data is not racy, so only the coherency data can tell the change.
        TestFiles.age(Files.writeString(onServer, "AAAA"));
        FileTime mtime = Files.getLastModifiedTime(onServer);
        FileTime ctime = (FileTime) Files.getAttribute(onServer, "unix:ctime");
        FileSystem fs = rig.mount("mtime");
        assertEquals("AAAA", Files.readString(fs.getPath("/f")));

        // The ctime must be able to move: wait until the server's clock has passed the file's ctime.
        Path probe = diod.export().resolve("probe");
        await("the server's clock passes the file's ctime").until(() -> {
            Files.writeString(probe, "tick");
            return ((FileTime) Files.getAttribute(probe, "unix:ctime")).compareTo(ctime) > 0;
        });
        // printf BBBB | dd of=f conv=notrunc; touch -m -d @<old mtime> f
        try (FileChannel channel = FileChannel.open(onServer, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("BBBB".getBytes(StandardCharsets.US_ASCII)), 0);
        }
        Files.setLastModifiedTime(onServer, mtime);
        assertEquals(mtime, Files.getLastModifiedTime(onServer), "the mtime is restored to the nanosecond");
        assertEquals(4, Files.size(onServer));
        assertNotEquals(ctime, Files.getAttribute(onServer, "unix:ctime"), "only the ctime moved");

        assertEquals("BBBB", Files.readString(fs.getPath("/f")));
    }
}
