package io.fscache.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.fscache.netfs.MountOption;
import io.fscache.netfs.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Mount options in the real distribution: every option the running engine and protocols declare
 * is in the README's table as declared, and a misspelt one is refused at the console in one line.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MountOptionsIT extends ShellTourSupport {

    private static final String README = "fscache.itest.readme";

    @Inject
    Mounts mounts;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(distributionWithPeer("diod"),
                systemProperty(README).value(System.getProperty(README)));
    }

    // Broke as: readahed=4m mounted, and the misspelt option did nothing.
    @Test
    public void aMisspeltOptionIsRefusedNamingTheNearestOne() {
        String uri = "9p://127.0.0.1:" + peerPort("diod") + peerExport("diod");
        Exception refused = assertThrows(Exception.class, () -> shell(sessions, "netfs:mount -o readahed=4m " + uri + " typo"));
        assertEquals("unknown option readahed for 9p mounts: did you mean readahead?", refused.getMessage());
        refused = assertThrows(Exception.class, () -> shell(sessions, "netfs:mount " + uri + "?msize=1x typo"));
        assertEquals("option msize must be a size such as 64k or 8m, not \"1x\"", refused.getMessage());
        assertTrue(mounts.mounts().isEmpty());
    }

    @Test
    public void theReadmeTableListsEveryOptionAsDeclared() throws Exception {
        List<String> declared = new ArrayList<>();
        mounts.options().options().forEach(option -> declared.add(row("all", option)));
        for (String scheme : mounts.schemes()) {
            mounts.options(scheme).options().forEach(option -> declared.add(row(scheme, option)));
        }
        List<String> documented = Files.readAllLines(Path.of(System.getProperty(README))).stream()
                .filter(line -> line.matches("\\| (all|[a-z0-9]+) \\| `[^`]+` \\|.*"))
                .map(line -> line.substring(0, nthBar(line, 6) + 1))
                .collect(Collectors.toList());
        assertEquals(declared, documented);
        String listed = shell(sessions, "netfs:options 9p");
        assertTrue(listed, listed.contains("msize") && listed.contains("readahead") && listed.contains("4k..16m"));
    }

    /** The README row's first five cells, as the table is written. */
    private static String row(String scheme, MountOption option) {
        return "| " + scheme + " | `" + option.name() + "` | " + option.type().label() + " | "
                + option.defaultText().map(d -> "`" + d + "`").orElse("-") + " | " + option.rangeText().orElse("-") + " |";
    }

    private static int nthBar(String line, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = line.indexOf('|', at + 1);
        }
        return at;
    }
}
