package io.fscache.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;

/**
 * The README's shell tour against a real server: mount, df, list, cat, get twice (the second copy
 * from the cache), unmount, and nothing logged at WARN or above.
 */
public abstract class ShellTourSupport extends FsCacheTestSupport {

    static final String GREETING = "hello from the server\n";

    @Inject
    SessionFactory sessions;

    /** Puts {@code hello.txt} and {@code docs/data.bin} in the export (from the test driver). */
    static void populate(Path export, byte[] content) throws java.io.IOException {
        Files.writeString(export.resolve("hello.txt"), GREETING, StandardCharsets.UTF_8);
        Files.createDirectories(export.resolve("docs"));
        writeOld(export.resolve("docs/data.bin"), content);
    }

    /**
     * @param mountArguments what follows {@code netfs:mount --cache disk}, up to the mount name
     * @param shownUri how the shell shows the mount (without credentials)
     * @param secret a credential in the mount arguments that must never be shown, or {@code null}
     */
    void tour(String mountArguments, String shownUri, String secret, byte[] content) throws Exception {
        String mounted = shell(sessions, "netfs:mount --cache disk " + mountArguments + " data");
        assertTrue(mounted, mounted.contains("Mounted " + shownUri + " as data"));
        String listed = shell(sessions, "netfs:mounts");
        assertTrue(listed, listed.contains(shownUri));
        if (secret != null) {
            assertFalse("the secret is never shown: " + mounted + listed, (mounted + listed).contains(secret));
        }

        String df = shell(sessions, "netfs:df");
        // Used and Use% show only where the server reports free space apart from available (Samba does not).
        assertTrue("the server reports the export's capacity: " + df,
                df.contains("data") && java.util.regex.Pattern.compile("\\d+\\.\\d [KMGTP]iB").matcher(df).find());

        String listing = shell(sessions, "netfs:ls data:/");
        assertTrue(listing, listing.contains("hello.txt") && listing.contains("docs"));
        assertEquals(GREETING, shell(sessions, "netfs:cat data:/hello.txt"));

        Path first = Path.of(System.getProperty("karaf.data"), "first.bin");
        shell(sessions, "netfs:get data:/docs/data.bin " + first);
        assertArrayEquals(content, Files.readAllBytes(first));
        awaitCached(mounts.fileSystem("data").orElseThrow().getPath("/docs/data.bin"), content.length);
        long cacheReadBefore = monitor.stats().get("IO", "rdb");
        Path second = Path.of(System.getProperty("karaf.data"), "second.bin");
        shell(sessions, "netfs:get data:/docs/data.bin " + second);
        assertArrayEquals("the cached copy equals the server's", content, Files.readAllBytes(second));
        assertTrue("the second get came from the cache",
                monitor.stats().get("IO", "rdb") - cacheReadBefore >= content.length);

        shell(sessions, "netfs:umount data");
        List<String> noise = logLinesAtWarnOrAbove();
        assertTrue("unexpected WARN/ERROR lines: " + noise, noise.isEmpty());
    }
}
