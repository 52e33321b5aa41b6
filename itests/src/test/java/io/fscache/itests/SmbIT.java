package io.fscache.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.fscache.api.FsCacheMonitor;
import io.fscache.netfs.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The README's tour against a real Samba: the distribution's SMB bundle (smbj wrapped by the
 * feature) mounts the share from the shell with a password that is never shown, and
 * {@code netfs:ls}, {@code netfs:cat} and {@code netfs:get} show the server's files, the second
 * get from the cache.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SmbIT extends FsCacheTestSupport {

    private static final String PASSWORD = "peerpass";
    static final byte[] CONTENT = NinePIT.random(5 << 20, 11);

    @Inject
    SessionFactory sessions;

    @Inject
    Mounts mounts;

    @Inject
    FsCacheMonitor monitor;

    @Configuration
    public Option[] config() throws Exception {
        Path share = peerExport("samba");
        Files.writeString(share.resolve("hello.txt"), "hello from samba\n");
        Files.createDirectories(share.resolve("docs"));
        Files.write(share.resolve("docs/data.bin"), CONTENT);
        return distributionWithPeer("samba");
    }

    @Test
    public void mountListCatAndGetThroughTheShell() throws Exception {
        String server = "127.0.0.1:" + peerPort("samba");
        String uri = "smb://smbpeer@" + server + "/share";
        String mounted = shell(sessions, "netfs:mount --cache disk -o password=" + PASSWORD + " " + uri + " data");
        assertTrue(mounted, mounted.contains("Mounted smb://" + server + "/share as data"));
        String listed = shell(sessions, "netfs:mounts");
        assertTrue(listed, listed.contains("smb://" + server + "/share"));
        assertFalse("the password is never shown: " + listed, listed.contains(PASSWORD));

        String listing = shell(sessions, "netfs:ls data:/");
        assertTrue(listing, listing.contains("hello.txt") && listing.contains("docs"));
        assertEquals("hello from samba\n", shell(sessions, "netfs:cat data:/hello.txt"));

        Path first = Path.of(System.getProperty("karaf.data"), "first.bin");
        shell(sessions, "netfs:get data:/docs/data.bin " + first);
        assertArrayEquals(CONTENT, Files.readAllBytes(first));
        awaitCached(mounts.fileSystem("data").orElseThrow().getPath("/docs/data.bin"), CONTENT.length);
        long cacheReadBefore = monitor.stats().get("IO", "rdb");
        Path second = Path.of(System.getProperty("karaf.data"), "second.bin");
        shell(sessions, "netfs:get data:/docs/data.bin " + second);
        assertArrayEquals("the cached copy equals the server's", CONTENT, Files.readAllBytes(second));
        assertTrue("the second get came from the cache",
                monitor.stats().get("IO", "rdb") - cacheReadBefore >= CONTENT.length);

        shell(sessions, "netfs:umount data");
        String log = Files.readString(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"));
        assertFalse("the password never reaches the log", log.contains(PASSWORD));
        assertTrue(logLinesAtWarnOrAbove().toString(), logLinesAtWarnOrAbove().isEmpty());
    }
}
