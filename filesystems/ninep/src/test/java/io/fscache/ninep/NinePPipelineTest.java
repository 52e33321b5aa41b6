package io.fscache.ninep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.contract.MountRig;
import io.fscache.netfs.lib.TestFiles;
import java.nio.ByteBuffer;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 9P's {@code pipeline} option against a real diod: requests beyond it queue, deep ones all complete. */
class NinePPipelineTest {

    @RegisterExtension
    static final DiodServer diod = DiodServer.on("pipeline");

    @Test
    void readsBeyondThePipelineDepthQueueAndAllComplete() throws Exception {
        byte[] content = diod.file("queued", 2 << 20, 30);
        try (NinePFilesystem ninep = new NinePFilesystem(1);
                NetfsSession session = ninep.connect(diod.uri(), Map.of("msize", "32768", "pipeline", "4"));
                RemoteFile file = session.open("/queued", Set.of(StandardOpenOption.READ))) {
            int piece = session.limits().maxReadSize();
            ByteBuffer all = ByteBuffer.allocate(content.length);
            List<CompletableFuture<Integer>> reads = new ArrayList<>();
            for (int at = 0; at < content.length; at += piece) {
                ByteBuffer slice = all.slice(at, Math.min(piece, content.length - at));
                reads.add(file.read(at, slice).toCompletableFuture());
            }
            for (CompletableFuture<Integer> read : reads) {
                assertTrue(read.get() > 0);
            }
            assertArrayEquals(content, all.array());
            assertEquals(0, file.read(content.length, ByteBuffer.allocate(10)).toCompletableFuture().get(), "end of file");
        }
    }

    @Test
    void eightThreadsReadDifferentFilesThroughA256DeepPipeline() throws Exception {
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            contents.add(diod.file("par" + i, 6 << 20, 10 + i));
        }
        try (MountRig<NinePFilesystem> rig = new MountRig<>(diod, new NinePFilesystem(2))) {
            FileSystem fs = rig.mount("parallel", "pipeline", "256");
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<byte[]>> reads = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Path path = fs.getPath("/par" + i);
                    reads.add(threads.submit(() -> TestFiles.readAll(path, 256 * 1024)));
                }
                for (int i = 0; i < 8; i++) {
                    assertArrayEquals(contents.get(i), reads.get(i).get(), "file " + i);
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
