package io.fscache.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.support.ShellUtil;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A new user's mistakes at the console, in the real distribution: each is refused with one line
 * that names what is wrong, and none leaves a WARN or ERROR entry (with its stack trace) in
 * karaf.log.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UserTyposIT extends FsCacheTestSupport {

    /** A refused command's line as the console prints it, ANSI colours removed. */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    @Inject
    SessionFactory sessions;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return distributionWithLocalFilesystem("it-server-typos");
    }

    // Broke as: 68 of 70 rejected inputs (e.g. netfs:umount nosuch) were logged at ERROR with a
    // full stack trace: Karaf logs at DEBUG only an exception whose class is named CommandException.
    @Test
    public void typosPrintOneLineAndLogNothingAtWarnOrAbove() throws Exception {
        Files.writeString(serverExport().resolve("hello.txt"), "hello\n");
        Files.createDirectories(serverExport().resolve("docs"));
        assertTrue(shell(sessions, "netfs:mount local://server/export data").contains("Mounted"));
        List<String> typos = List.of(
                "netfs:umount nosuch",
                "netfs:ls nosuch:/",
                "netfs:ls data:/nosuch",
                "netfs:ls no-colon",
                "netfs:cat data:/docs",
                "netfs:stat data:/nosuch",
                "netfs:warm data:/nosuch",
                "netfs:get data:/hello.txt /no/such/dir/x.txt",
                "netfs:get data:/docs " + System.getProperty("karaf.data"),
                "netfs:get data:/nosuch.txt " + System.getProperty("karaf.data") + "/x.txt",
                "netfs:put /no/such/file.txt data:/x.txt",
                "netfs:put " + System.getProperty("karaf.etc") + " data:/x.txt",
                "netfs:put " + System.getProperty("karaf.etc") + "/config.properties data:/hello.txt",
                "netfs:mount no-scheme x",
                "netfs:mount local://server/export data",
                "netfs:mount nosuch://server/export x",
                "netfs:mount -o novalue local://server/export x",
                "netfs:mount -o readahed=4m local://server/export x",
                "netfs:mount 9p://alice:pw@127.0.0.1:1/x x",
                "netfs:mount 9p://127.0.0.1:1/x x",
                "netfs:mount -o credentials=/no/such/file smb://127.0.0.1:1/share x",
                "fscache:cull nosuch",
                "fscache:cache-restore nosuch",
                "fscache:cache-withdraw nosuch",
                "fscache:cache-withdraw --delete nosuch",
                "fscache:cache-add tape x",
                "fscache:cache-add --size 12zz memory x",
                "fscache:cache-add memory disk",
                "fscache:cache-add --granule 1000 memory g",
                "fscache:cache-add -o sise=64m memory typo",
                "fscache:cache-add cachefiles nodir",
                "fscache:cache-add -o tiers=nosuch,memory tiered t",
                "fscache:cache-add memory 'two words'");
        List<String> failures = new ArrayList<>();
        for (String typo : typos) {
            String shown = console(typo);
            if (shown.lines().count() != 1 || shown.contains("Exception") || shown.contains("x-9p") || shown.contains("\tat ")) {
                failures.add(typo + " -> " + shown);
            }
        }
        assertEquals("each typo is refused with one line", List.of(), failures);
        List<String> noise = logLinesAtWarnOrAbove();
        assertTrue("typos left WARN/ERROR lines in karaf.log: " + noise, noise.isEmpty());
    }

    // Broke as: cache-add checked only --size, wrote the configuration of --granule 1000 (or
    // tiers=nosuch, or a cachefiles cache without --directory), and waited while the backend's
    // activation failed and SCR logged "Error during instantiation" at ERROR.
    @Test
    public void cacheAddRefusesABadConfigurationAtOnceAndWritesNothing() throws Exception {
        assertEquals("Error executing command: cache g not added: granule must be a power of two from 4k to 1g "
                + "(4096 to 1073741824 bytes), not 1000", console("fscache:cache-add --granule 1000 memory g").strip());
        assertEquals("Error executing command: cache nodir not added: directory must be set",
                console("fscache:cache-add cachefiles nodir").strip());
        assertEquals("Error executing command: cache t not added: tiers: no cache is named 'nosuch'; the caches are disk, memory",
                console("fscache:cache-add -o tiers=nosuch,memory tiered t").strip());
        assertEquals("Error executing command: cache typo not added: io.fscache.backend.memory: unknown property 'sise'; "
                + "did you mean 'size'?", console("fscache:cache-add -o sise=64m memory typo").strip());
        assertEquals("Error executing command: cache name must be printable ASCII without spaces, not \"two words\"",
                console("fscache:cache-add memory 'two words'").strip());
        // Broke as: a cachefiles directory in use or too small was found only at activation: an ERROR with
        // a stack trace in karaf.log, and the new directory's files left behind.
        await("the disk cache", java.time.Duration.ofSeconds(30), () -> cacheNames(monitor).contains("disk"));
        Path inUse = Path.of(System.getProperty("karaf.data"), "fscache").toAbsolutePath().normalize();
        assertEquals("Error executing command: cache x7 not added: directory " + inUse + " is in use by another cache instance",
                console("fscache:cache-add --directory " + inUse + " cachefiles x7").strip());
        Path fresh = Path.of(System.getProperty("karaf.data"), "too-big");
        assertTrue(console("fscache:cache-add --size 1000t --directory " + fresh + " cachefiles x4").strip()
                .startsWith("Error executing command: cache x4 not added: size 1000.0 TiB is larger than the filesystem holding "));
        assertFalse("nothing created", Files.exists(fresh));
        assertNull("nothing written", configAdmin.listConfigurations("(|(name=g)(name=nodir)(name=t)(name=typo)(name=x7)(name=x4))"));
        assertTrue(shell(sessions, "fscache:cache-add --granule 64k --size 1m memory small").contains("Cache small added."));
        assertEquals(65536, monitor.caches().stream().filter(c -> c.name().equals("small")).findFirst().orElseThrow().granuleSize());
        shell(sessions, "fscache:cache-withdraw --delete small");
        List<String> noise = logLinesAtWarnOrAbove();
        assertTrue("refusals left WARN/ERROR lines in karaf.log: " + noise, noise.isEmpty());
    }

    // Broke as: netfs:get data:/hello.txt /no/dir/x.txt said "data:/hello.txt: no such file or
    // directory", blaming the remote file.
    @Test
    public void aMissingLocalDirectoryIsBlamedNotTheRemoteFile() throws Exception {
        Files.writeString(serverExport().resolve("hello.txt"), "hello\n");
        shell(sessions, "netfs:mount local://server/export blame");
        assertEquals("Error executing command: local directory /no/such/dir: no such directory",
                console("netfs:get blame:/hello.txt /no/such/dir/x.txt").strip());
        shell(sessions, "netfs:umount blame");
    }

    /**
     * Runs a line as Karaf's console and {@code bin/client} do: what the command throws goes to
     * Karaf's own handler, which prints it to the session and decides how it is logged.
     *
     * @return what the session printed for the refused line
     */
    private String console(String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Throwable thrown = null;
        try (Session session = sessions.create(InputStream.nullInputStream(), print, print)) {
            try {
                session.execute(line);
            } catch (Throwable t) {
                thrown = t;
                ShellUtil.logException(session, t);
            }
        }
        assertNotNull("refused: " + line, thrown);
        String shown = ANSI.matcher(out.toString(StandardCharsets.UTF_8)).replaceAll("");
        assertFalse(line, shown.isBlank());
        return shown;
    }
}
