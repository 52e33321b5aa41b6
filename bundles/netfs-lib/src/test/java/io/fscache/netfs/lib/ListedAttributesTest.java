package io.fscache.netfs.lib;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileType;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attributes a listing reported answer {@code readAttributes} for {@code actimeo}: {@code ls -l}
 * costs one listing, the mount sees its own changes at once, and a change made behind its back is
 * seen once the timeout has passed.
 */
class ListedAttributesTest {

    @TempDir
    Path dir;

    @Test
    void lsDashLCostsOneListingAndNoStatPerEntry() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            for (int i = 0; i < 50; i++) {
                rig.serverFile("/d/f" + i, 100 + i, i);
            }
            FileSystem fs = rig.mount("m", "actimeo", "1h");
            rig.server.resetCounters();
            List<Long> sizes = lsDashL(fs.getPath("/d"));
            assertEquals(50, sizes.size());
            assertEquals(List.of(100L, 149L), List.of(sizes.stream().mapToLong(Long::longValue).min().orElseThrow(),
                    sizes.stream().mapToLong(Long::longValue).max().orElseThrow()));
            assertEquals(0, rig.server.statRpcs.get(), "stats sent for 50 listed entries");
        }
    }

    @Test
    void withActimeoZeroEveryEntryIsAskedFor() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            for (int i = 0; i < 5; i++) {
                rig.serverFile("/d/f" + i, 10, i);
            }
            FileSystem fs = rig.mount("m", "actimeo", "0");
            rig.server.resetCounters();
            lsDashL(fs.getPath("/d"));
            assertEquals(5, rig.server.statRpcs.get(), "stats sent for 5 listed entries");
        }
    }

    @Test
    void theMountSeesItsOwnChangesAtOnce() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.serverFile("/d/f", 10, 1);
            FileSystem fs = rig.mount("m", "actimeo", "1h");
            Path file = fs.getPath("/d/f");
            lsDashL(fs.getPath("/d"));
            Files.write(file, new byte[1234]);
            assertEquals(1234, Files.size(file), "size after this mount's write");
            Files.delete(file);
            assertEquals(false, Files.exists(file), "exists after this mount's delete");
        }
    }

    @Test
    void aChangeBehindTheMountsBackIsSeenOnceTheTimeoutHasPassed() throws Exception {
        try (TestRig rig = new TestRig(dir)) {
            rig.serverFile("/d/f", 10, 1);
            FileSystem fs = rig.mount("m", "actimeo", "200ms");
            Path file = fs.getPath("/d/f");
            lsDashL(fs.getPath("/d"));
            rig.serverFile("/d/f", 77, 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.size(file) == 77);
            // Opening always checks the server's attributes: the bytes are the new ones at once.
            assertEquals(77, Files.readAllBytes(file).length);
        }
    }

    // A listing under way when this mount deleted a file would have answered for the deleted file
    // for actimeo: Files.exists true after Files.delete. (NFSv3's kept directory handles had this
    // race with netfs:mv, found by a fresh user; the listings had the same shape.)
    @Test
    void aListingBegunBeforeAChangeOfTheMountIsNotKept() {
        FileAttributes file = new FileAttributes(FileType.REGULAR, 10, FileTime.fromMillis(0), FileTime.fromMillis(0),
                FileTime.fromMillis(0), new byte[] {1}, new byte[] {2}, 0644, "user", "group");
        ListedAttributes listed = new ListedAttributes(Duration.ofHours(1).toNanos(), System::nanoTime);
        long begun = listed.generation();
        listed.changed();
        listed.listed("/d", List.of(new DirEntry("f", file)), begun);
        assertNull(listed.get("/d/f"), "the listing begun before the change");

        listed.listed("/d", List.of(new DirEntry("f", file)), listed.generation());
        assertEquals(file, listed.get("/d/f"), "a listing begun after it");
    }

    /** What {@code ls -l} does: list, then read each entry's attributes. */
    private static List<Long> lsDashL(Path directory) throws Exception {
        List<Long> sizes = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                sizes.add(Files.readAttributes(entry, BasicFileAttributes.class).size());
            }
        }
        return sizes;
    }
}
