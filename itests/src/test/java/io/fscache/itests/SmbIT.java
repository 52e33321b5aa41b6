package io.fscache.itests;

import static org.junit.Assert.assertFalse;

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
 * The shell tour against a real Samba through the distribution's SMB bundle (smbj wrapped by the
 * feature), with a password that is never shown or logged.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SmbIT extends ShellTourSupport {

    private static final String PASSWORD = "peerpass";
    static final byte[] CONTENT = random(5 << 20, 11);

    @Configuration
    public Option[] config() throws Exception {
        populate(peerExport("samba"), CONTENT);
        return distributionWithPeer("samba");
    }

    @Test
    public void mountListCatAndGetThroughTheShell() throws Exception {
        String server = "127.0.0.1:" + peerPort("samba");
        tour("-o password=" + PASSWORD + " smb://smbpeer@" + server + "/share", "smb://smbpeer@" + server + "/share", PASSWORD, CONTENT);
        String log = Files.readString(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"));
        assertFalse("the password never reaches the log", log.contains(PASSWORD));
    }
}
