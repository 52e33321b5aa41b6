package io.fscache.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The shell tour against a real single-node Ceph through the distribution's own CephFS bundle
 * (feature {@code fscache-ceph}, libcephfs through JNA): {@code netfs:mount -o secret=<key>
 * ceph://admin@127.0.0.1:3300/cephfs data}, df, ls, cat and get twice, the key never shown, nothing
 * logged at WARN or above. The files are put in CephFS through ceph-fuse.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CephIT extends ShellTourSupport {

    static final byte[] CONTENT = random(5 << 20, 17);

    @Configuration
    public Option[] config() throws Exception {
        populate(peerExport("ceph"), CONTENT);
        // The container reads the key from the keyring itself: it is never a property or an argument.
        return OptionUtils.combine(distributionWithPeer("ceph"),
                systemProperty("fscache.itest.ceph.state")
                        .value(System.getProperty("fscache.itest.ceph.state")));
    }

    @Test
    public void mountListCatAndGetThroughTheShell() throws Exception {
        String key = adminKey();
        String uri = "ceph://admin@127.0.0.1:" + peerPort("ceph") + "/cephfs";
        tour("-o secret=" + key + " " + uri, uri, key, CONTENT);
    }

    /** client.admin's key, from the keyring ceph.sh made. */
    private static String adminKey() throws java.io.IOException {
        Path keyring = Path.of(System.getProperty("fscache.itest.ceph.state"), "ceph.client.admin.keyring");
        return Files.readAllLines(keyring).stream().map(String::strip).filter(line -> line.startsWith("key"))
                .map(line -> line.substring(line.indexOf('=') + 1).strip()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no key in " + keyring));
    }
}
