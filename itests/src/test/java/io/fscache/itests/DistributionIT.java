package io.fscache.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.fscache.api.CacheInfo;
import io.fscache.api.FsCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/** The distribution boots clean, lists its default caches, and takes caches from etc/ files. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionIT extends FsCacheTestSupport {

    @Inject
    FsCache fscache;

    @Configuration
    public Option[] config() {
        return distribution();
    }

    @Test
    public void everyBundleIsActiveAndTheLogIsClean() throws Exception {
        await("the default caches", Duration.ofSeconds(30),
                () -> cacheNames(monitor).containsAll(List.of("memory", "disk")));
        List<String> notActive = Arrays.stream(context.getBundles())
                .filter(b -> b.getState() != Bundle.ACTIVE && b.getHeaders().get("Fragment-Host") == null)
                .map(b -> b.getSymbolicName() + " " + b.getState())
                .collect(Collectors.toList());
        assertTrue("bundles not active: " + notActive, notActive.isEmpty());
        for (String name : List.of("io.fscache.netfs-api", "io.fscache.fscache-service", "io.fscache.fscache-netfs-lib",
                "io.fscache.fscache-backend-memory", "io.fscache.fscache-backend-cachefiles", "io.fscache.fscache-shell")) {
            assertTrue(name + " installed", Arrays.stream(context.getBundles()).anyMatch(b -> name.equals(b.getSymbolicName())));
        }
        assertTrue("no mounts at boot", mounts.mounts().isEmpty());
        List<String> noise = logLinesAtWarnOrAbove();
        assertTrue("unexpected WARN/ERROR lines:\n" + String.join("\n", noise), noise.isEmpty());
    }

    // Broke (issue 13): the default cache was whichever of memory and disk registered first.
    @Test
    public void volumesThatNameNoCacheUseDiskTheDefaultCfgRanksFirst() throws Exception {
        await("the default caches", Duration.ofSeconds(60),
                () -> fscache.liveCaches().containsAll(List.of("memory", "disk")));
        assertEquals(List.of("disk", "memory"), fscache.liveCaches());
        assertEquals(List.of(10, 0), monitor.caches().stream().filter(c -> !c.name().equals("itest"))
                .sorted(Comparator.comparing(CacheInfo::name)).map(CacheInfo::priority).toList());
    }

    @Test
    public void aCfgFileAddsACacheAndDeletingItWithdrawsIt() throws Exception {
        Path file = karafEtc().resolve("io.fscache.backend.memory-itest.cfg");
        Files.writeString(file, "name = itest\nsize = 8m\ngranule = 65536\n");
        await("cache itest to appear", Duration.ofSeconds(30), () -> cacheNames(monitor).contains("itest"));
        CacheInfo itest = monitor.caches().stream().filter(c -> c.name().equals("itest")).findFirst().orElseThrow();
        assertEquals(65536, itest.granuleSize());
        assertEquals(8L << 20, itest.capacity());

        var cookie = fscache.acquireVolume("itest,volume", "itest", null).acquireCookie(new byte[] {1}, null, 65536);
        try (var access = cookie.beginOperation().orElseThrow()) {
            assertEquals("itest", access.cacheName());
        }

        Files.delete(file);
        await("cache itest to be withdrawn", Duration.ofSeconds(30), () -> !cacheNames(monitor).contains("itest"));
        assertTrue("no cache once withdrawn", cookie.beginOperation().isEmpty());
    }

}
