package io.fscache.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * A cache backend bundle stopped, started, uninstalled and installed again while 8 threads read
 * through a mount: no read fails, every byte equals the server's, and the cache is used again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotWithdrawIT extends FsCacheTestSupport {

    private static final String MEMORY_BUNDLE = "io.fscache.fscache-backend-memory";

    @Configuration
    public Option[] config() {
        return distributionWithLocalFilesystem("it-server");
    }

    @Test
    public void backendBundleLeavesAndReturnsUnderReadLoadWithoutAFailedRead() throws Exception {
        Path export = serverExport();
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            byte[] bytes = random((2 << 20) + i * 4099, 11 + i);
            writeOld(export.resolve("f" + i), bytes);
            contents.add(bytes);
        }
        await("the memory cache", Duration.ofSeconds(30), () -> cacheNames(monitor).contains("memory"));
        FileSystem fs = mounts.mount("hot", URI.create("local://server/export"), Map.of("cache", "memory"));

        ReadLoad load = ReadLoad.start(8, t -> fs.getPath("/f" + t), contents::get);

        awaitReads(load, 8);
        Bundle memory = bundle(MEMORY_BUNDLE);
        memory.stop();
        await("the memory cache to be withdrawn", Duration.ofSeconds(30), () -> !cacheNames(monitor).contains("memory"));
        awaitReads(load, load.reads() + 8);
        memory.start();
        await("the memory cache to return", Duration.ofSeconds(30), () -> cacheNames(monitor).contains("memory"));
        awaitReads(load, load.reads() + 8);

        String location = memory.getLocation();
        memory.uninstall();
        await("the memory cache to be withdrawn again", Duration.ofSeconds(30), () -> !cacheNames(monitor).contains("memory"));
        awaitReads(load, load.reads() + 8);
        context.installBundle(location).start();
        await("the reinstalled memory cache", Duration.ofSeconds(30), () -> cacheNames(monitor).contains("memory"));
        long readsBefore = cacheCounter("memory", "hits");
        await("reads served by the reinstalled cache", Duration.ofSeconds(30), () -> cacheCounter("memory", "hits") > readsBefore);

        load.stopAndVerify();
        assertTrue("readers kept reading: " + load.reads(), load.reads() > 16);
        mounts.unmount("hot");
        assertEquals(0, monitor.stats().get("Cookies", "n"));
    }
}
