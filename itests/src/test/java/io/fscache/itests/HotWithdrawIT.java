package io.fscache.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
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
import java.util.concurrent.atomic.AtomicLong;
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
 * A cache backend bundle stopped, started, uninstalled and installed again while 8 threads read
 * through a mount: no read fails, every byte equals the server's, and the cache is used again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotWithdrawIT extends FsCacheTestSupport {

    private static final String MEMORY_BUNDLE = "io.fscache.fscache-backend-memory";

    @Inject
    BundleContext context;

    @Inject
    Mounts mounts;

    @Inject
    FsCacheMonitor monitor;

    @Configuration
    public Option[] config() {
        return distributionWithLocalFilesystem("it-server");
    }

    @Test
    public void backendBundleLeavesAndReturnsUnderReadLoadWithoutAFailedRead() throws Exception {
        Path export = serverExport();
        List<byte[]> contents = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < 8; i++) {
            byte[] bytes = new byte[(2 << 20) + i * 4099];
            random.nextBytes(bytes);
            Files.write(export.resolve("f" + i), bytes);
            contents.add(bytes);
        }
        await("the memory cache", Duration.ofSeconds(30), () -> cacheNames(monitor).contains("memory"));
        FileSystem fs = mounts.mount("hot", URI.create("local://server/export"), Map.of("cache", "memory"));

        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int file = t;
            Thread reader = new Thread(() -> {
                while (!done.get()) {
                    try {
                        assertArrayEquals("f" + file, contents.get(file), Files.readAllBytes(fs.getPath("/f" + file)));
                        reads.incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e);
                        return;
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }

        Thread.sleep(1000);
        Bundle memory = bundle(MEMORY_BUNDLE);
        memory.stop();
        await("the memory cache to be withdrawn", Duration.ofSeconds(30), () -> !cacheNames(monitor).contains("memory"));
        Thread.sleep(500);
        memory.start();
        await("the memory cache to return", Duration.ofSeconds(30), () -> cacheNames(monitor).contains("memory"));
        Thread.sleep(1000);

        String location = memory.getLocation();
        memory.uninstall();
        await("the memory cache to be withdrawn again", Duration.ofSeconds(30), () -> !cacheNames(monitor).contains("memory"));
        Thread.sleep(500);
        context.installBundle(location).start();
        await("the reinstalled memory cache", Duration.ofSeconds(30), () -> cacheNames(monitor).contains("memory"));
        long readsBefore = cacheHits();
        await("reads served by the reinstalled cache", Duration.ofSeconds(30), () -> cacheHits() > readsBefore);

        done.set(true);
        for (Thread reader : readers) {
            reader.join(30_000);
            assertFalse("a reader hung", reader.isAlive());
        }
        assertTrue("failed reads: " + failures, failures.isEmpty());
        assertTrue("readers kept reading: " + reads.get(), reads.get() > 16);
        mounts.unmount("hot");
        assertEquals(0, monitor.stats().get("Cookies", "n"));
    }

    private long cacheHits() {
        return monitor.caches().stream().filter(c -> c.name().equals("memory"))
                .mapToLong(c -> c.counters().getOrDefault("hits", 0L)).sum();
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError(symbolicName + " not installed"));
    }

}
