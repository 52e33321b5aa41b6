package io.fscache.ceph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fscache.netfs.contract.MountRig;
import io.fscache.netfs.contract.Shell;
import io.fscache.netfs.lib.TestFiles;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A CephFS mount with a memory cache against a real Ceph: what the cache saves, by counters. */
class CephCacheTest {

    private static final CephPeer peer = new CephPeer("cache");
    private MountRig<CephFilesystem> rig;

    @BeforeAll
    static void startCluster() throws Exception {
        peer.start();
    }

    @BeforeEach
    void newRig() throws Exception {
        Shell.empty(peer.export());
        rig = new MountRig<>(peer, new CephFilesystem());
    }

    @AfterEach
    void closeRig() throws Exception {
        rig.close();
    }

    @Test
    void a64MiBFileReadTwiceComesFromTheCacheTheSecondTime() throws Exception {
        byte[] bytes = file("big.bin", 64 << 20, 9);
        FileSystem fs = rig.mount("big");
        assertEquals(bytes.length, TestFiles.readAndCompare(fs.getPath("/big.bin"), bytes, 1 << 20));
        assertEquals(bytes.length, rig.serverBytes(), "the first read fetched the file once");
        rig.awaitCached(bytes.length);

        long server = rig.serverBytes();
        long cache = rig.cacheStat("IO", "rdb");
        assertEquals(bytes.length, TestFiles.readAndCompare(fs.getPath("/big.bin"), bytes, 1 << 20));
        assertEquals(server, rig.serverBytes(), "no ceph_ll_read the second time");
        assertEquals(cache + bytes.length, rig.cacheStat("IO", "rdb"), "the cache served the whole file");
    }

    @Test
    void eightThreadsReadEightFiles() throws Exception {
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            contents.add(file("f" + i, (3 << 20) + i * 4099, 100 + i));
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

    /** Random bytes written through ceph-fuse, last modified an hour ago. */
    private static byte[] file(String name, int size, long seed) throws Exception {
        byte[] bytes = TestFiles.random(size, seed);
        TestFiles.age(Files.write(peer.export().resolve(name), bytes));
        return bytes;
    }
}
