package io.fscache.nfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An independent client agrees with ours on the same ganesha: libnfs's {@code nfs-cat} reads back
 * what our session wrote, and our session reads what {@code nfs-cp} wrote. Needs Debian's
 * {@code libnfs-utils}.
 */
class LibnfsCrossCheckTest {

    @RegisterExtension
    static final GaneshaServer ganesha = GaneshaServer.on("libnfs");

    /** libnfs's URL of a file in the export, NFSv3, with the ports given (it would ask rpcbind otherwise). */
    private static String url(String name) throws IOException {
        return "nfs://127.0.0.1" + ganesha.export().toRealPath() + "/" + name + "?version=3&nfsport=" + ganesha.port()
                + "&mountport=" + (ganesha.port() + 1);
    }

    @Test
    void whatWeWriteNfsCatReads() throws Exception {
        byte[] content = TestFiles.random((5 << 20) + 123, 7);
        try (NfsFilesystem nfs = new NfsFilesystem(1); NetfsSession session = nfs.connect(ganesha.uri(), ganesha.options());
                RemoteFile file = session.open("/ours", Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE))) {
            TestFiles.writeFully(file, content);
        }
        assertArrayEquals(content, run("nfs-cat", url("ours")));
    }

    @Test
    void whatNfsCpWritesWeRead() throws Exception {
        byte[] content = TestFiles.random((3 << 20) + 77, 8);
        Path local = Files.write(Files.createTempFile("libnfs", ".bin"), content);
        try {
            run("nfs-cp", local.toString(), url("theirs"));
        } finally {
            Files.delete(local);
        }
        try (NfsFilesystem nfs = new NfsFilesystem(1); NetfsSession session = nfs.connect(ganesha.uri(), ganesha.options());
                RemoteFile file = session.open("/theirs", Set.of(StandardOpenOption.READ))) {
            assertArrayEquals(content, TestFiles.readFully(file, content.length));
        }
    }

    private static byte[] run(String... command) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin", command[0]))) {
            fail(command[0] + " (libnfs, the independent NFS client) is not installed: apt-get install libnfs-utils");
        }
        Path errors = Files.createTempFile("libnfs", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            byte[] out;
            try (var in = process.getInputStream()) {
                out = in.readAllBytes();
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0,
                    String.join(" ", command) + " failed: " + Files.readString(errors));
            return out;
        } finally {
            Files.delete(errors);
        }
    }
}
