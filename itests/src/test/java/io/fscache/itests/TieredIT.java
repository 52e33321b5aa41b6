package io.fscache.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.fscache.api.FsCacheMonitor;
import io.fscache.netfs.Mounts;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * A tiered cache configured from an etc/ file over the distribution's memory and disk caches: it
 * appears once both tiers are live, serves a second read, and keeps every read right while its
 * memory tier's bundle is stopped and started under load.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TieredIT extends FsCacheTestSupport {


    @Inject
    BundleContext context;

    @Inject
    Mounts mounts;

    @Inject
    FsCacheMonitor monitor;

    @Configuration
    public Option[] config() {
        return distributionWithLocalFilesystem("it-server-tiered");
    }

    @Test
    public void tieredCacheServesAndSurvivesItsMemoryTierLeaving() throws Exception {
        Path export = serverExport();
        byte[] content = new byte[3 << 20];
        new Random(5).nextBytes(content);
        Files.write(export.resolve("data.bin"), content);

        Files.writeString(karafEtc().resolve("io.fscache.backend.tiered-itest.cfg"), "name = both\ntiers = memory, disk\n");
        await("the tiered cache", Duration.ofSeconds(30), () -> cacheNames(monitor).contains("both"));
        FileSystem fs = mounts.mount("tiered", URI.create("local://server/export"), Map.of("cache", "both"));
        assertArrayEquals(content, Files.readAllBytes(fs.getPath("/data.bin")));
        awaitCached(fs.getPath("/data.bin"), content.length);
        long hitsBefore = counter("both", "hits");
        assertArrayEquals(content, Files.readAllBytes(fs.getPath("/data.bin")));
        assertTrue("second read served by the tiered cache", counter("both", "hits") > hitsBefore);

        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread reader = new Thread(() -> {
                while (!done.get()) {
                    try {
                        assertArrayEquals(content, Files.readAllBytes(fs.getPath("/data.bin")));
                    } catch (Throwable e) {
                        failures.add(e);
                        return;
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        Bundle memory = Arrays.stream(context.getBundles())
                .filter(b -> "io.fscache.fscache-backend-memory".equals(b.getSymbolicName())).findFirst().orElseThrow();
        Thread.sleep(500);
        memory.stop();
        await("the memory tier to leave", Duration.ofSeconds(30), () -> !cacheNames(monitor).contains("memory"));
        Thread.sleep(1000);
        memory.start();
        await("the memory tier to return", Duration.ofSeconds(30), () -> cacheNames(monitor).contains("memory"));
        Thread.sleep(500);
        done.set(true);
        for (Thread reader : readers) {
            reader.join(30_000);
            assertFalse("a reader hung", reader.isAlive());
        }
        assertTrue("failed reads: " + failures, failures.isEmpty());
        mounts.unmount("tiered");
    }

    private long counter(String cache, String name) {
        return monitor.caches().stream().filter(c -> c.name().equals(cache))
                .mapToLong(c -> c.counters().getOrDefault(name, 0L)).sum();
    }

}
