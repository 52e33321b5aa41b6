package io.fscache.itests;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The shell tour against a real diod through the distribution's own 9P bundle:
 * {@code netfs:mount 9p://127.0.0.1:<port>/<export> data}, then ls, cat and get.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NinePIT extends ShellTourSupport {

    static final byte[] CONTENT = random(5 << 20, 9);

    @Configuration
    public Option[] config() throws Exception {
        populate(peerExport("diod"), CONTENT);
        // Names Java cannot spell: Latin-1 e-acute, a lone 0xff, and a real U+FFFD beside them.
        Files.createDirectories(peerExport("diod").resolve("odd"));
        Process names = new ProcessBuilder("bash", "-c",
                "printf L1 > $'caf\\xe9' && printf FF > $'\\xff' && printf FFFD > $'caf\\xef\\xbf\\xbd'")
                .directory(peerExport("diod").resolve("odd").toFile()).inheritIO().start();
        if (names.waitFor() != 0) {
            throw new IllegalStateException("could not create the test's file names");
        }
        return distributionWithPeer("diod");
    }

    @Test
    public void mountListCatAndGetThroughTheShell() throws Exception {
        String uri = "9p://127.0.0.1:" + peerPort("diod") + peerExport("diod");
        tour(uri, uri, null, CONTENT);
    }

    // Broke: "caf\xe9" listed as "caf?" and could not be typed back; typing its raw byte opened "caf\uFFFD".
    @Test
    public void namesThatAreNotUtf8AreListedAsEscapesAndTypedBack() throws Exception {
        shell(sessions, "netfs:mount --cache disk 9p://127.0.0.1:" + peerPort("diod") + peerExport("diod") + " odd");
        assertEquals(List.of("\\xff", "caf\\xe9", "caf\uFFFD"), shell(sessions, "netfs:ls odd:/odd").lines().sorted().toList());
        assertEquals("L1", shell(sessions, "netfs:cat 'odd:/odd/caf\\xe9'"));
        assertEquals("FF", shell(sessions, "netfs:cat 'odd:/odd/\\xff'"));
        assertEquals("FFFD", shell(sessions, "netfs:cat odd:/odd/caf\uFFFD"));
        shell(sessions, "netfs:umount odd");
    }
}
