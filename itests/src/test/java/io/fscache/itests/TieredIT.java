package io.fscache.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * A tiered cache configured from an etc/ file over the distribution's memory and disk caches: it
 * appears once both tiers are live, serves a second read, and keeps every read right while its
 * memory tier's bundle is stopped and started under load.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TieredIT extends FsCacheTestSupport {

    @Configuration
    public Option[] config() {
        return distributionWithLocalFilesystem("it-server-tiered");
    }

    @Test
    public void tieredCacheServesAndSurvivesItsMemoryTierLeaving() throws Exception {
        Path export = serverExport();
        byte[] content = random(3 << 20, 5);
        writeOld(export.resolve("data.bin"), content);

        Files.writeString(karafEtc().resolve("io.fscache.backend.tiered-itest.cfg"), "name = both\ntiers = memory, disk\n");
        await("the tiered cache", Duration.ofSeconds(30), () -> cacheNames(monitor).contains("both"));
        FileSystem fs = mounts.mount("tiered", URI.create("local://server/export"), Map.of("cache", "both"));
        assertArrayEquals(content, Files.readAllBytes(fs.getPath("/data.bin")));
        awaitCached(fs.getPath("/data.bin"), content.length);
        long hitsBefore = cacheCounter("both", "hits");
        assertArrayEquals(content, Files.readAllBytes(fs.getPath("/data.bin")));
        assertTrue("second read served by the tiered cache", cacheCounter("both", "hits") > hitsBefore);

        ReadLoad load = ReadLoad.start(4, t -> fs.getPath("/data.bin"), t -> content);
        Bundle memory = bundle("io.fscache.fscache-backend-memory");
        awaitReads(load, 4);
        memory.stop();
        await("the memory tier to leave", Duration.ofSeconds(30), () -> !cacheNames(monitor).contains("memory"));
        awaitReads(load, load.reads() + 4);
        memory.start();
        await("the memory tier to return", Duration.ofSeconds(30), () -> cacheNames(monitor).contains("memory"));
        awaitReads(load, load.reads() + 4);
        load.stopAndVerify();
        mounts.unmount("tiered");
    }

}
