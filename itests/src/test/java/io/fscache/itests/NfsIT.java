package io.fscache.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The shell tour against a real nfs-ganesha through the distribution's own NFS bundle, once with
 * NFSv4.1 ({@code netfs:mount nfs://127.0.0.1:<port>/export data}, the pseudo path) and once with
 * NFSv3 ({@code -o vers=3} and the export's own path; MOUNT on the port after ganesha's): df, ls, cat and
 * get twice, nothing logged at WARN or above.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NfsIT extends ShellTourSupport {

    static final byte[] CONTENT = random(5 << 20, 16);

    @Configuration
    public Option[] config() throws Exception {
        populate(peerExport("ganesha"), CONTENT);
        return distributionWithPeer("ganesha");
    }

    /** Both tours get into the same files of the one Karaf this class runs in: the second would refuse to overwrite. */
    private static void forgetEarlierGets() throws java.io.IOException {
        for (String name : new String[] {"first.bin", "second.bin"}) {
            Files.deleteIfExists(Path.of(System.getProperty("karaf.data"), name));
        }
    }

    @Test
    public void mountListCatAndGetThroughTheShellWithNfsV41() throws Exception {
        forgetEarlierGets();
        String uri = "nfs://127.0.0.1:" + peerPort("ganesha") + "/export";
        tour(uri, uri, null, CONTENT);
    }

    @Test
    public void mountListCatAndGetThroughTheShellWithNfsV3() throws Exception {
        forgetEarlierGets();
        String uri = "nfs://127.0.0.1:" + peerPort("ganesha") + peerExport("ganesha");
        // The MOUNT port given: rpcbind answers for every NFS server of the host, and another's may be registered.
        tour("-o vers=3,mountport=" + (peerPort("ganesha") + 1) + " " + uri, uri, null, CONTENT);
    }
}
