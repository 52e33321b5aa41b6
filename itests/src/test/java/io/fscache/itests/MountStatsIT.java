package io.fscache.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A mount's protocol statistics in the distribution, against a real diod: {@code netfs:stats} and the
 * {@code io.fscache:type=NetfsMounts} MBean show what the mount's session read from the server.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MountStatsIT extends FsCacheTestSupport {

    static final byte[] CONTENT = random(3 << 20, 14);

    @Inject
    SessionFactory sessions;

    @Configuration
    public Option[] config() throws Exception {
        writeOld(peerExport("diod").resolve("stats.bin"), CONTENT);
        return distributionWithPeer("diod");
    }

    @Test
    public void statsShowWhatAMountReadFromTheServer() throws Exception {
        shell(sessions, "netfs:mount --cache none 9p://127.0.0.1:" + peerPort("diod") + peerExport("diod") + " counted");
        Path copy = Path.of(System.getProperty("karaf.data"), "stats.bin");
        shell(sessions, "netfs:get counted:/stats.bin " + copy);
        assertArrayEquals(CONTENT, Files.readAllBytes(copy));

        // The copy's close sent its Tclunk without waiting for the answer: it is in flight a moment.
        List<List<String>> seen = new ArrayList<>(List.of(List.of()));
        await("every request answered", Duration.ofSeconds(30), () -> {
            seen.set(0, shell(sessions, "netfs:stats counted").lines().toList());
            return seen.get(0).size() == 3 && "0".equals(column(seen.get(0), "In flight"));
        });
        List<String> lines = seen.get(0);
        List<String> header = List.of(lines.get(0).split("\\s*\\|\\s*"));
        List<String> row = List.of(lines.get(2).split("\\s*\\|\\s*"));
        assertEquals("counted", row.get(header.indexOf("Name")).trim());
        assertEquals(Integer.toString(CONTENT.length), row.get(header.indexOf("Bytes read")).trim());
        assertEquals("0", row.get(header.indexOf("Errors")).trim());
        assertTrue(lines.get(2), row.get(header.indexOf("RPCs by kind")).contains("Tread="));

        // An MXBean's Map<String, Long> reaches JMX clients as TabularData of (key, value) rows.
        TabularData counters = (TabularData) ManagementFactory.getPlatformMBeanServer()
                .getAttribute(new ObjectName("io.fscache:type=NetfsMounts"), "Counters");
        assertEquals((long) CONTENT.length, counter(counters, "counted.readBytes"));
        assertTrue(counters.toString(), counter(counters, "counted.rpcs.Tread") >= 1);

        assertTrue(shell(sessions, "netfs:stats").contains("counted"));
        shell(sessions, "netfs:umount counted");
        assertTrue(shell(sessions, "netfs:stats").contains("no mounts"));
        List<String> noise = logLinesAtWarnOrAbove();
        assertTrue("unexpected WARN/ERROR lines: " + noise, noise.isEmpty());
    }

    @Test
    public void statsOfAMountThatIsNotUpSayWhichAreInOneLine() throws Exception {
        try {
            shell(sessions, "netfs:stats nosuch");
            throw new AssertionError("netfs:stats nosuch was accepted");
        } catch (Exception e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("no mount named 'nosuch'; "));
            assertEquals(e.getMessage(), 1, e.getMessage().lines().count());
        }
    }

    private static long counter(TabularData counters, String name) {
        CompositeData row = counters.get(new Object[] {name});
        assertTrue(name + " in " + counters, row != null);
        return (Long) row.get("value");
    }

    /** A column of the one row of netfs:stats output. */
    private static String column(List<String> lines, String name) {
        List<String> header = List.of(lines.get(0).split("\\s*\\|\\s*"));
        return List.of(lines.get(2).split("\\s*\\|\\s*")).get(header.indexOf(name)).trim();
    }
}
