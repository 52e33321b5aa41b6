package io.fscache.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.OptionUtils;

/**
 * The shell tour against a real OpenAFS cell ({@code tools/peers/openafs.sh}: cell test.local on
 * 127.1.0.1, volume root.cell) through the distribution's own AFS bundle: {@code netfs:mount -o
 * cell=test.local afs://127.1.0.1/root.cell data}, df, ls, cat of the cell's {@code hello.txt}, get
 * twice of a file OpenAFS's own {@code afsio} wrote (the second from the cache), nothing logged at
 * WARN or above. afsio can only create new files in root.cell's root, so the file's name is new in
 * each run; the mount takes {@code racy.window=0} because the file is new (AFS's DataVersion, not
 * the modification time, says whether cached data is current).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AfsIT extends ShellTourSupport {

    static final byte[] CONTENT = random(5 << 20, 18);
    private static final String NAME_PROPERTY = "fscache.itest.openafs.file";

    @Configuration
    public Option[] config() throws Exception {
        String name = "itest-" + Long.toString(System.currentTimeMillis(), 36) + ".bin";
        afsio(CONTENT, "write", "-file", "/" + name);
        return OptionUtils.combine(distribution(), systemProperty(NAME_PROPERTY).value(name));
    }

    /** Runs {@code afsio} inside the cell's namespace, feeding it {@code input}; fails on any complaint. */
    private static void afsio(byte[] input, String... args) throws IOException, InterruptedException {
        String[] command = new String[5 + args.length];
        command[0] = "bash";
        command[1] = Path.of(System.getProperty("fscache.itest.peers"), "openafs.sh").toString();
        command[2] = "ns";
        command[3] = System.getProperty("fscache.itest.openafs.state");
        command[4] = "afsio";
        System.arraycopy(args, 0, command, 5, args.length);
        Path errors = Files.createTempFile("afsio", ".err");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(input);
        }
        boolean done = process.waitFor(120, TimeUnit.SECONDS);
        String error = Files.readString(errors);
        Files.delete(errors);
        if (!done || process.exitValue() != 0 || error.contains("afsio:")) {
            throw new IOException("afsio " + String.join(" ", args) + " failed: " + error);
        }
    }

    @Test
    public void mountListCatAndGetThroughTheShell() throws Exception {
        String name = System.getProperty(NAME_PROPERTY);
        String uri = "afs://127.1.0.1/root.cell";
        String mounted = shell(sessions, "netfs:mount --cache disk -o cell=test.local -o racy.window=0 " + uri + " data");
        assertTrue(mounted, mounted.contains("Mounted " + uri + " as data"));
        assertTrue(shell(sessions, "netfs:mounts").contains(uri));
        String df = shell(sessions, "netfs:df");
        assertTrue("the fileserver reports the volume's capacity: " + df,
                df.contains("data") && java.util.regex.Pattern.compile("\\d+\\.\\d [KMGTP]iB").matcher(df).find());
        String listing = shell(sessions, "netfs:ls data:/");
        assertTrue(listing, listing.contains("hello.txt") && listing.contains(name));
        assertEquals("hello from openafs\n", shell(sessions, "netfs:cat data:/hello.txt"));

        Path first = Path.of(System.getProperty("karaf.data"), "first.bin");
        shell(sessions, "netfs:get data:/" + name + " " + first);
        assertArrayEquals(CONTENT, Files.readAllBytes(first));
        awaitCached(mounts.fileSystem("data").orElseThrow().getPath("/" + name), CONTENT.length);
        long cacheReadBefore = monitor.stats().get("IO", "rdb");
        Path second = Path.of(System.getProperty("karaf.data"), "second.bin");
        shell(sessions, "netfs:get data:/" + name + " " + second);
        assertArrayEquals("the cached copy equals the server's", CONTENT, Files.readAllBytes(second));
        assertTrue("the second get came from the cache", monitor.stats().get("IO", "rdb") - cacheReadBefore >= CONTENT.length);

        shell(sessions, "netfs:umount data");
        List<String> noise = logLinesAtWarnOrAbove();
        assertTrue("unexpected WARN/ERROR lines: " + noise, noise.isEmpty());
    }
}
