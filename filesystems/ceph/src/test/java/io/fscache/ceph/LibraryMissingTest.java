package io.fscache.ceph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.NetfsUri;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A host without libcephfs: in a JVM of its own that looks for a library that does not exist (the
 * library is bound once per JVM), a mount fails at once with one line naming Debian's package.
 */
class LibraryMissingTest {

    @Test
    void aMountWithoutTheLibraryFailsNamingThePackage() throws Exception {
        Process probe = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dfscache.ceph.library=libcephfs-missing.so.2",
                Probe.class.getName())).redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, probe.exitValue(), output);
        assertEquals(1, output.lines().count(), "one line: " + output);
        assertTrue(output.startsWith("ceph mounts need libcephfs.so.2 ("), output);
        assertTrue(output.endsWith("): install Debian's libcephfs2 (apt-get install libcephfs2)"), output);
    }

    /** Mounts a monitor that is not there: the missing library must be what fails first. */
    public static final class Probe {
        public static void main(String[] args) {
            try {
                new CephFilesystem().connect(NetfsUri.parse("ceph://127.0.0.1:1/cephfs"), Map.of()).close();
                System.out.println("mounted without the library?");
            } catch (IOException e) {
                System.out.println(e.getMessage());
            }
        }
    }
}
