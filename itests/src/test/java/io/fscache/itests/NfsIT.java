package io.fscache.itests;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The shell tour against a real nfs-ganesha through the distribution's own NFS bundle:
 * {@code netfs:mount nfs://127.0.0.1:<port>/<export> data} (NFSv3, MOUNT found through rpcbind),
 * then df, ls, cat and get twice, nothing logged at WARN or above.
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

    @Test
    public void mountListCatAndGetThroughTheShell() throws Exception {
        String uri = "nfs://127.0.0.1:" + peerPort("ganesha") + peerExport("ganesha");
        tour(uri, uri, null, CONTENT);
    }
}
