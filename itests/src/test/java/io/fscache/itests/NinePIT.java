package io.fscache.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.fscache.api.FsCacheMonitor;
import io.fscache.netfs.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
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
 * The README's tour against a real diod: the distribution's own 9P bundle mounts the export from
 * the shell, and {@code netfs:ls}, {@code netfs:cat} and {@code netfs:get} show the server's files,
 * the second get from the cache.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NinePIT extends FsCacheTestSupport {

    static final byte[] CONTENT = random(5 << 20, 9);

    @Inject
    SessionFactory sessions;

    @Inject
    Mounts mounts;

    @Inject
    FsCacheMonitor monitor;

    @Configuration
    public Option[] config() throws Exception {
        Path export = peerExport("diod");
        Files.writeString(export.resolve("hello.txt"), "hello from diod\n");
        Files.createDirectories(export.resolve("docs"));
        Files.write(export.resolve("docs/data.bin"), CONTENT);
        return distributionWithPeer("diod");
    }

    @Test
    public void mountListCatAndGetThroughTheShell() throws Exception {
        String uri = "9p://127.0.0.1:" + peerPort("diod") + peerExport("diod");
        String mounted = shell(sessions, "netfs:mount --cache disk " + uri + " data");
        assertTrue(mounted, mounted.contains("Mounted " + uri + " as data"));
        assertTrue(shell(sessions, "netfs:mounts"), shell(sessions, "netfs:mounts").contains(uri));

        String listing = shell(sessions, "netfs:ls data:/");
        assertTrue(listing, listing.contains("hello.txt") && listing.contains("docs"));
        assertEquals("hello from diod\n", shell(sessions, "netfs:cat data:/hello.txt"));

        Path first = Path.of(System.getProperty("karaf.data"), "first.bin");
        shell(sessions, "netfs:get data:/docs/data.bin " + first);
        assertArrayEquals(CONTENT, Files.readAllBytes(first));
        awaitCached(fileOf("data", "/docs/data.bin"), CONTENT.length);
        long cacheReadBefore = monitor.stats().get("IO", "rdb");
        Path second = Path.of(System.getProperty("karaf.data"), "second.bin");
        shell(sessions, "netfs:get data:/docs/data.bin " + second);
        assertArrayEquals("the cached copy equals the server's", CONTENT, Files.readAllBytes(second));
        assertTrue("the second get came from the cache",
                monitor.stats().get("IO", "rdb") - cacheReadBefore >= CONTENT.length);

        shell(sessions, "netfs:umount data");
        assertTrue(logLinesAtWarnOrAbove().toString(), logLinesAtWarnOrAbove().isEmpty());
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private Path fileOf(String mount, String path) {
        return mounts.fileSystem(mount).orElseThrow().getPath(path);
    }
}
