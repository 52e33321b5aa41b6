package io.fscache.ninep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fscache.netfs.lib.TestFiles;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several 9P mounts of one diod export share its cache volume: each byte crosses the wire once. */
class DiodSharedExportTest {

    @RegisterExtension
    static final DiodServer diod = DiodServer.on("shared", 5672);

    // Broke: four mounts of one export, 16 readers of one cold 64 MiB file: diod sent 13.0x the file,
    // because mounts 2-4 collided on the volume key and ran uncached.
    @Test
    void fourMountsOfOneExportFetchTheFileOnce() throws Exception {
        byte[] bytes = diod.file("cold.bin", 64 << 20, 72);
        try (MountRig rig = new MountRig(diod)) {
            List<FileSystem> mounts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                mounts.add(rig.mount("m" + i));
            }
            ExecutorService readers = Executors.newFixedThreadPool(16);
            try {
                List<Future<Long>> reads = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    Path file = mounts.get(i % 4).getPath("/cold.bin");
                    reads.add(readers.submit(() -> TestFiles.readAndCompare(file, bytes, 1 << 20)));
                }
                for (Future<Long> read : reads) {
                    assertEquals(bytes.length, read.get());
                }
            } finally {
                readers.shutdownNow();
            }
            assertEquals(1.0, (double) rig.ninep.stats().readBytes() / bytes.length, "file bytes sent by diod per file byte");
            assertEquals(0, rig.cacheStat("Cookies", "vcol"), "no mount's volume collided");
        }
    }
}
