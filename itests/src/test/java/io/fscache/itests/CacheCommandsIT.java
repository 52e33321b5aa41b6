package io.fscache.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.fscache.api.CacheInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * fscache:cache-add, cache-withdraw and cache-restore in the real distribution: each returns once
 * what it did has happened, a failed add shows the backend's reason and leaves no configuration,
 * and withdrawing at runtime keeps the etc/ file.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CacheCommandsIT extends FsCacheTestSupport {

    @Inject
    SessionFactory sessions;

    @Configuration
    public Option[] config() {
        return distributionWithLocalFilesystem("cache-commands-server");
    }

    // Broke as: withdraw then add of the same cache, back to back in one batch, failed 2 times in 3
    // ("a cache named 'disk' already exists"): the withdraw returned before the cache had gone.
    @Test
    public void withdrawWithDeleteThenAddBackToBackTenTimes() throws Exception {
        Path directory = Path.of(System.getProperty("karaf.data"), "fscache-race");
        String add = "fscache:cache-add --directory " + directory + " cachefiles race";
        assertTrue(shell(sessions, add).contains("Cache race added."));
        for (int round = 0; round < 10; round++) {
            assertTrue(shell(sessions, "fscache:cache-withdraw --delete race").contains("configuration deleted"));
            assertTrue("round " + round, shell(sessions, add).contains("Cache race added."));
            assertEquals("ACTIVE", state("race"));
        }
        shell(sessions, "fscache:cache-withdraw --delete race");
        assertTrue(monitor.caches().stream().noneMatch(c -> c.name().equals("race")));
    }

    // Broke as: cache-withdraw deleted etc/io.fscache.backend.cachefiles-default.cfg for good.
    @Test
    public void withdrawingAtRuntimeKeepsTheConfigurationAndRestoreBringsTheCacheBack() throws Exception {
        await("the disk cache", Duration.ofSeconds(30), () -> "ACTIVE".equals(state("disk")));
        Path cfg = karafEtc().resolve("io.fscache.backend.cachefiles-default.cfg");
        serverExport();
        shell(sessions, "netfs:mount --cache disk local://server/export away");
        assertTrue(shell(sessions, "fscache:cache-withdraw disk").contains("its configuration is kept"));
        assertEquals("WITHDRAWN", state("disk"));
        assertTrue("the etc/ file stays", Files.exists(cfg));
        // Broke as: netfs:mounts went on showing a mount's withdrawn cache as its cache.
        assertTrue(shell(sessions, "netfs:mounts").contains("disk (not live: reads go to the server)"));
        assertTrue(shell(sessions, "fscache:cache-restore disk").contains("Cache disk restored."));
        assertEquals("ACTIVE", state("disk"));
        assertFalse(shell(sessions, "netfs:mounts").contains("not live"));
        shell(sessions, "netfs:umount away");
    }

    // Broke as: unknown keys were ignored and a 97.7 PiB memory cache was accepted on a 23 GiB machine.
    @Test
    public void aCacheThatCannotStartShowsTheBackendsReasonAndLeavesNoConfiguration() throws Exception {
        Exception unknown = assertThrows(Exception.class, () -> shell(sessions, "fscache:cache-add -o sise=64m memory typo"));
        assertEquals("cache typo not added: io.fscache.backend.memory: unknown property 'sise'; did you mean 'size'?",
                unknown.getMessage());
        Exception huge = assertThrows(Exception.class, () -> shell(sessions, "fscache:cache-add --size 100000t memory huge"));
        assertTrue(huge.getMessage(), huge.getMessage().startsWith("cache huge not added: size 97.7 PiB is larger than the JVM's direct memory"));
        Exception malformed = assertThrows(Exception.class, () -> shell(sessions, "fscache:cache-add --size 1e30 memory e30"));
        assertTrue(malformed.getMessage(), malformed.getMessage().startsWith("--size must be a number of bytes"));
        try (Stream<Path> files = Files.list(karafEtc())) {
            assertFalse("no configuration left behind", files.map(Path::toString)
                    .anyMatch(f -> f.endsWith("-typo.cfg") || f.endsWith("-huge.cfg") || f.endsWith("-e30.cfg")));
        }
        assertTrue(monitor.caches().stream().map(CacheInfo::name).noneMatch(n -> n.equals("typo") || n.equals("huge")));
    }

    private String state(String cache) {
        return monitor.caches().stream().filter(c -> c.name().equals(cache)).map(CacheInfo::state).findFirst().orElse("none");
    }
}
