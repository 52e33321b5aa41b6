package io.fscache.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fscache.netfs.contract.MountRig;
import io.fscache.netfs.lib.TestFiles;
import java.nio.file.FileSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An NFSv3 mount with a memory cache against a real nfs-ganesha: what the cache saves, by counters. */
class Nfs3CacheTest {

    @RegisterExtension
    static final GaneshaServer ganesha = GaneshaServer.on("cache");
    @RegisterExtension
    final MountRig<NfsFilesystem> rig = new MountRig<>(ganesha, new NfsFilesystem(2));

    @Test
    void a64MiBFileReadTwiceComesFromTheCacheTheSecondTime() throws Exception {
        byte[] bytes = ganesha.file("big.bin", 64 << 20, 9);
        FileSystem fs = rig.mount("big");
        assertEquals(bytes.length, TestFiles.readAndCompare(fs.getPath("/big.bin"), bytes, 1 << 20));
        assertEquals(bytes.length, rig.serverBytes(), "the first read fetched the file once");
        rig.awaitCached(bytes.length);

        long server = rig.serverBytes();
        long cache = rig.cacheStat("IO", "rdb");
        assertEquals(bytes.length, TestFiles.readAndCompare(fs.getPath("/big.bin"), bytes, 1 << 20));
        assertEquals(server, rig.serverBytes(), "no READ the second time");
        assertEquals(cache + bytes.length, rig.cacheStat("IO", "rdb"), "the cache served the whole file");
    }

    @Test
    void eightThreadsReadEightFiles() throws Exception {
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            contents.add(ganesha.file("f" + i, (3 << 20) + i * 4099, 100 + i));
        }
        FileSystem fs = rig.mount("eight");
        ExecutorService readers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> reads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] expected = contents.get(i);
                String name = "/f" + i;
                reads.add(readers.submit(() -> TestFiles.readAndCompare(fs.getPath(name), expected, 1 << 20)));
            }
            for (int i = 0; i < 8; i++) {
                assertEquals(contents.get(i).length, reads.get(i).get());
            }
        } finally {
            readers.shutdownNow();
        }
        assertEquals(contents.stream().mapToLong(b -> b.length).sum(), rig.serverBytes(), "each file fetched once");
    }
}
