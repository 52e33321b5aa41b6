package io.fscache.itests;

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
        return distributionWithPeer("diod");
    }

    @Test
    public void mountListCatAndGetThroughTheShell() throws Exception {
        String uri = "9p://127.0.0.1:" + peerPort("diod") + peerExport("diod");
        tour(uri, uri, null, CONTENT);
    }
}
