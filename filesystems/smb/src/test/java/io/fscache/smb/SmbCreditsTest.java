package io.fscache.smb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.IoLimits;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.contract.MountRig;
import io.fscache.netfs.lib.TestFiles;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reads and writes sized to the credits a real Samba grants when it grants few. */
class SmbCreditsTest {

    private static final int MAX_CREDITS = 64;
    @RegisterExtension
    static final SambaPeer PEER = new SambaPeer("credits", "smb2 max credits = " + MAX_CREDITS);
    /** smbj's connection logger (through slf4j-jdk14); held so its handler stays attached. */
    private static final Logger SMBJ = Logger.getLogger("com.hierynomus.smbj.connection.Connection");

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler watcher = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    @RegisterExtension
    final MountRig<SmbFilesystem> rig = new MountRig<>(PEER, new SmbFilesystem());

    @BeforeEach
    void setUp() throws Exception {
        PEER.clearShare();
        SMBJ.addHandler(watcher);
    }

    @AfterEach
    void tearDown() {
        SMBJ.removeHandler(watcher);
    }

    // How it broke: limits assumed 512 credits (8 MiB reads, 4 in flight); Samba granting 64 made smbj
    // shorten the first READ to the credits left and block the next ones ("no credits left ... will block").
    @Test
    void parallelReadsStayWithinTheGrantedCredits() throws Exception {
        int size = 64 << 20;
        byte[] bytes = TestFiles.random(size, 21);
        Files.write(PEER.export().resolve("big.bin"), bytes);
        FileSystem fs = rig.mount("m", "cache", "none");
        ExecutorService readers = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> reads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                reads.add(readers.submit(() -> TestFiles.readAll(fs.getPath("/big.bin"), 1 << 20)));
            }
            for (Future<byte[]> read : reads) {
                assertArrayEquals(bytes, read.get());
            }
        } finally {
            readers.shutdown();
        }
        assertTrue(rig.client().stats().peakInFlight() > 1, "reads were pipelined: " + rig.client().stats());
        assertEquals(0, creditWaits(), "times smbj waited for credits");
        try (NetfsSession session = rig.client().connect(PEER.uri(), PEER.options())) {
            IoLimits limits = session.limits();
            int perRequest = credits(Math.max(limits.maxReadSize(), limits.maxWriteSize()));
            assertTrue(limits.maxInFlight() * perRequest < MAX_CREDITS, "limits within " + MAX_CREDITS
                    + " credits, with some left for metadata: " + limits);
        }
    }

    // How it broke: as above, for WRITEs: 8 MiB writes, 4 in flight, against 64 credits.
    @Test
    void parallelWritesStayWithinTheGrantedCredits() throws Exception {
        int size = 32 << 20;
        FileSystem fs = rig.mount("m", "cache", "none");
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                byte[] bytes = TestFiles.random(size, 30 + i);
                String name = "w" + i + ".bin";
                writes.add(writers.submit(() -> {
                    try (SeekableByteChannel channel = Files.newByteChannel(fs.getPath("/" + name),
                            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        channel.write(ByteBuffer.wrap(bytes));
                    }
                    assertArrayEquals(bytes, Files.readAllBytes(PEER.export().resolve(name)));
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            writers.shutdown();
        }
        assertEquals(0, creditWaits(), "times smbj waited for credits");
    }

    /** smbj's "There are no credits left to send ..., will block until there are more credits available." */
    private long creditWaits() {
        return warnings.stream().filter(warning -> warning.contains("no credits left")).count();
    }

    private static int credits(int bytes) {
        return (bytes + 65535) / 65536;
    }
}
