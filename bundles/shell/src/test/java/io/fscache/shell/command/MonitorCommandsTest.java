package io.fscache.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read-only fscache:* commands over a real core and memory cache, as the shell would run them. */
class MonitorCommandsTest {

    private FsCacheService service;

    @BeforeEach
    void setUp() {
        service = new FsCacheService();
        service.addCache(new MemoryCache("fast", 64L << 20, 256 * 1024));
        Cookie cookie = service.acquireVolume("nfs,server,export").acquireCookie(new byte[] {(byte) 0xab}, new byte[] {1}, 1000);
        cookie.use(false);
        try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
            access.write(0, ByteBuffer.allocate(1000)).toCompletableFuture().join();
        }
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    @Test
    void cachesShowsNameStateUsageAndBackendCounters() throws Exception {
        CachesCommand command = new CachesCommand();
        command.monitor = service;
        String out = run(command);
        assertTrue(out.contains("fast") && out.contains("ACTIVE") && out.contains("64.0 MiB") && out.contains("256.0 KiB"), out);
        assertTrue(out.contains("writes=1"), out);
        // The column said "Objects" and disagreed with the objects= counter: it counts the open ones.
        assertTrue(out.contains("Open objects"), out);
    }

    @Test
    void aCacheWithoutASizeLimitSaysSo() {
        // A cachefiles cache without --size showed capacity "-".
        assertEquals("no size limit", CachesCommand.capacity(-1));
    }

    @Test
    void volumesAndCookiesListWhatIsAcquired() throws Exception {
        VolumesCommand volumes = new VolumesCommand();
        volumes.monitor = service;
        String out = run(volumes);
        assertTrue(out.contains("nfs,server,export") && out.contains("fast"), out);

        CookiesCommand cookies = new CookiesCommand();
        cookies.monitor = service;
        out = run(cookies);
        assertTrue(out.contains("ACTIVE") && out.contains("ab") && out.contains("1000"), out);
        cookies.limit = -1;
        var error = assertThrows(CommandException.class, cookies::execute);
        assertTrue(error.getMessage().contains("--limit"));
    }

    @Test
    void statsPrintsLikeProcAndResetsOnRequest() throws Exception {
        StatsCommand command = new StatsCommand();
        command.monitor = service;
        String out = run(command);
        assertTrue(out.contains("Acquire: n=1 ok=1") && out.contains("IO     : rd=0 rdb=0 wr=1 wrb=1000"), out);
        command.reset = true;
        assertTrue(run(command).contains("(counters reset)"));
        assertEquals(0, service.stats().get("IO", "wr"));
        assertEquals(1, service.stats().get("Cookies", "n"), "gauges survive a reset");
    }

    @Test
    void cullReportsWhatTheCacheCulledAndRefusesUnknownNames() throws Exception {
        CullCommand command = new CullCommand();
        command.monitor = service;
        command.name = "fast";
        assertEquals("Culled 0 objects from fast.\n", run(command).replace(System.lineSeparator(), "\n"));
        command.name = "nosuch";
        var error = assertThrows(CommandException.class, command::execute);
        assertEquals("no live cache is named 'nosuch'", error.getMessage());
    }

    @Test
    void unknownCacheTypeIsAClearError() {
        var error = assertThrows(IllegalArgumentException.class, () -> CacheTypes.pid("tape"));
        assertEquals("unknown cache type 'tape': use one of cachefiles, memory, tiered", error.getMessage());
    }

    // Broke as: cache-withdraw deleted the configuration (and etc/ file) for good, and returned
    // before the cache had gone.
    @Test
    void cacheWithdrawKeepsTheConfigurationReturnsWhenGoneAndRestoreBringsItBack() throws Exception {
        CacheWithdrawCommand withdraw = new CacheWithdrawCommand();
        withdraw.monitor = service; // no ConfigurationAdmin: without --delete the configuration is not touched
        withdraw.name = "fast";
        assertTrue(run(withdraw).contains("Cache fast withdrawn; its configuration is kept"));
        assertEquals("WITHDRAWN", service.caches().get(0).state());
        assertEquals(0, service.caches().get(0).objects(), "every object closed when the command returns");
        CachesCommand caches = new CachesCommand();
        caches.monitor = service;
        String listed = run(caches);
        // Showed ID 0, as if it were a cache of that id (a fresh user's try).
        assertTrue(listed.lines().anyMatch(line -> line.matches(" *- \\| fast +\\| WITHDRAWN .*")), listed);

        CacheAddCommand add = new CacheAddCommand();
        add.monitor = service;
        add.type = "memory";
        add.name = "fast";
        var error = assertThrows(CommandException.class, add::execute);
        assertEquals("cache 'fast' was withdrawn at runtime and keeps its configuration: bring it back with "
                + "fscache:cache-restore fast, or remove it with fscache:cache-withdraw --delete fast", error.getMessage());

        CacheRestoreCommand restore = new CacheRestoreCommand();
        restore.monitor = service;
        restore.name = "fast";
        assertTrue(run(restore).contains("Cache fast restored."));
        assertEquals("ACTIVE", service.caches().get(0).state());
        assertEquals("no live cache is named 'nosuch'", assertThrows(CommandException.class, () -> {
            withdraw.name = "nosuch";
            withdraw.execute();
        }).getMessage());
    }

    // Broke as: --size 1e30 was accepted (written to the configuration and ignored by cachefiles).
    @Test
    void cacheAddRefusesAMalformedSizeBeforeWritingAnything() {
        CacheAddCommand add = new CacheAddCommand();
        add.monitor = service; // no ConfigurationAdmin: nothing may be written
        add.type = "cachefiles";
        add.name = "c";
        add.size = "1e30";
        var error = assertThrows(CommandException.class, add::execute);
        assertEquals("--size must be a number of bytes with an optional k, m, g or t suffix, not \"1e30\"", error.getMessage());
    }

    @Test
    void anActivationFailureIsShownAsTheBackendsOwnMessage() {
        String failure = "org.osgi.service.component.ComponentException: java.lang.IllegalArgumentException: x\n"
                + "\tat org.apache.felix.scr.impl.SomeClass.method(SomeClass.java:1)\n"
                + "Caused by: java.lang.IllegalArgumentException: io.fscache.backend.memory: unknown property 'sise'; "
                + "did you mean 'size'?\n\tat io.fscache.spi.CacheProperties.check(CacheProperties.java:80)\n";
        assertEquals("io.fscache.backend.memory: unknown property 'sise'; did you mean 'size'?", ActivationFailures.message(failure));
        assertEquals("size 97.7 PiB is larger than the JVM's direct memory (4.0 GiB: x)",
                ActivationFailures.message("java.lang.IllegalArgumentException: size 97.7 PiB is larger than the JVM's direct memory (4.0 GiB: x)"));
        assertEquals("activation failed; see log:display", ActivationFailures.message(null));
        // Said only "/proc/nope" (a fresh user's cache-add --directory /proc/nope).
        assertEquals("/proc/nope: no such file or directory", ActivationFailures.message(
                "org.osgi.service.component.ComponentException: x\nCaused by: java.nio.file.NoSuchFileException: /proc/nope\n"));
    }

    private static String run(Action command) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            command.execute();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
