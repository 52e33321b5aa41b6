package io.fscache.ninep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.RemoteFile;
import io.fscache.ninep.wire.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression, found by the soak run (NetfsSoak): diod answers {@code Tgetattr} with an lstat of the
 * fid's path even once the fid is open, so a file renamed over the path between {@code Tlopen} and
 * {@code Tgetattr} lent its identity and size to the handle of the file that had been opened. Reads
 * then returned the old file's bytes cut to the new file's size, and the cache stored them as the
 * new file's. Here the scripted server opens the file with qid path 100 and describes qid path 200.
 * The same holds for a refresh of an open file's attributes.
 */
class ReplacedWhileOpeningTest {

    private final NinePFilesystem ninep = new NinePFilesystem(1);
    private ScriptedServer server;

    @AfterEach
    void close() {
        ninep.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anOpenWhoseStatNamesAnotherFileIsRetried() throws Exception {
        AtomicInteger getattrs = new AtomicInteger();
        NetfsSession session = session(getattrs, 1);
        RemoteFile file = session.open("/f", Set.of(StandardOpenOption.READ));
        assertEquals(2, getattrs.get(), "the stat of another file is not believed: the open is made again");
        assertEquals(10, file.attributes().size(), "the attributes are the opened file's");
        assertEquals(100, ByteBuffer.wrap(file.attributes().fileId()).getLong());
    }

    @Test
    void aPathReplacedAtEveryAttemptFailsTheOpenClearly() throws Exception {
        NetfsSession session = session(new AtomicInteger(), Integer.MAX_VALUE);
        IOException e = assertThrows(IOException.class, () -> session.open("/f", Set.of(StandardOpenOption.READ)));
        assertTrue(e.getMessage().startsWith("/f was replaced on 9p server 127.0.0.1:"), e.getMessage());
        assertTrue(e.getMessage().endsWith("during each of 3 attempts to open it"), e.getMessage());
    }

    @Test
    void aRefreshThatFindsAnotherFileAtThePathFails() throws Exception {
        AtomicInteger getattrs = new AtomicInteger();
        server = new ScriptedServer((ctx, request) -> {
            if (request.type() == 24) {
                ScriptedServer.send(ctx, getattrs.incrementAndGet() == 1 ? ScriptedServer.getattr(request.tag())
                        : otherFile(request.tag()));
            }
        });
        RemoteFile file = ninep.connect(server.uri(), Map.of("timeout", "30s")).open("/f", Set.of(StandardOpenOption.READ));
        IOException e = assertThrows(IOException.class, file::refresh);
        assertEquals("/f was replaced on the 9p server while open: its attributes are another file's", e.getMessage());
        assertEquals(10, file.attributes().size(), "the open file keeps its own attributes");
    }

    /** An {@code Rgetattr} of another file at the path: qid path 200, 20 bytes. */
    private static byte[] otherFile(int tag) {
        return Bytes.of().u64(0x7FF).qid(0, 0, 200).u32(0100644).u32(0).u32(0).u64(1).u64(0).u64(20)
                .u64(4096).u64(8).u64(1).u64(0).u64(1).u64(0).u64(1).u64(0).u64(0).u64(0).u64(0).u64(0).frame(25, tag);
    }

    /** A server whose first {@code replaced} stats describe another file. */
    private NetfsSession session(AtomicInteger getattrs, int replaced) throws Exception {
        server = new ScriptedServer((ctx, request) -> {
            if (request.type() == 24) {
                ScriptedServer.send(ctx, getattrs.incrementAndGet() <= replaced ? otherFile(request.tag())
                        : ScriptedServer.getattr(request.tag()));
            }
        });
        return ninep.connect(server.uri(), Map.of("timeout", "30s"));
    }
}
