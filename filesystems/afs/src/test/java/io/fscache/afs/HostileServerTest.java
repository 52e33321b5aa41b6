package io.fscache.afs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.afs.rx.RxAbortException;
import io.fscache.afs.rx.RxEndpoint;
import io.fscache.afs.rx.RxProtocolException;
import io.fscache.netfs.FileType;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetfsUri;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A VL server and a fileserver on 127.0.0.2 that lie (played by this module's own Rx endpoint
 * serving crafted replies): each lie is a protocol error naming what was wrong, never another
 * exception, a hang, or an allocation the lie asked for. And a volume that moves (VMOVED) to a
 * fileserver on 127.0.0.3 is looked up again and followed.
 */
class HostileServerTest {

    private static final String HOST = "127.0.0.2";
    /** What the hostile fileserver answers. */
    private enum Lie { NONE, BAD_FILE_TYPE, LOOPING_DIRECTORY, LONGER_DATA, MOVED }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private RxEndpoint vl;
    private RxEndpoint fs;
    /** The fileserver the volume moved to, honest. */
    private RxEndpoint moved;
    private volatile int fsAddress = 0x7F000002;
    private volatile int sites = 1;
    private volatile Lie lie = Lie.NONE;
    private AfsFilesystem client;

    @BeforeEach
    void serve() throws Exception {
        vl = RxEndpoint.bind(group, new InetSocketAddress(HOST, 7003), (peer, service, request, alloc) -> vlEntry(alloc)).get();
        fs = RxEndpoint.bind(group, new InetSocketAddress(HOST, 7000), (peer, service, request, alloc) -> {
            if (lie == Lie.MOVED) {
                fsAddress = 0x7F000003;
                throw new RxAbortException("moved", AfsErrors.VMOVED);
            }
            return fileserver(request, alloc);
        }).get();
        moved = RxEndpoint.bind(group, new InetSocketAddress("127.0.0.3", 7000), (peer, service, request, alloc) -> {
            lie = Lie.NONE;
            return fileserver(request, alloc);
        }).get();
        client = new AfsFilesystem(1);
    }

    @AfterEach
    void close() {
        client.close();
        vl.close();
        fs.close();
        moved.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void aVolumeEntryWithMoreSitesThanItHoldsIsRefused() {
        sites = 99;
        RxProtocolException e = assertThrows(RxProtocolException.class, this::connect);
        assertTrue(e.getMessage().contains("99 sites"), e.getMessage());
    }

    @Test
    void aStatusWithAFileTypeAfsDoesNotHaveIsRefused() {
        lie = Lie.BAD_FILE_TYPE;
        RxProtocolException e = assertThrows(RxProtocolException.class, this::connect);
        assertTrue(e.getMessage().contains("file type 7"), e.getMessage());
    }

    @Test
    void aDirectoryWhoseHashChainLoopsIsRefused() throws Exception {
        lie = Lie.LOOPING_DIRECTORY;
        try (NetfsSession session = connect()) {
            RxProtocolException e = assertThrows(RxProtocolException.class, () -> session.list("/"));
            assertTrue(e.getMessage().contains("in a loop"), e.getMessage());
        }
    }

    @Test
    void aFetchThatAnnouncesMoreBytesThanAskedIsRefused() throws Exception {
        lie = Lie.LONGER_DATA;
        try (NetfsSession session = connect()) {
            RxProtocolException e = assertThrows(RxProtocolException.class, () -> session.list("/"));
            assertTrue(e.getMessage().contains("announces"), e.getMessage());
        }
    }

    @Test
    void aVolumeThatMovedIsLookedUpAgainAndFollowed() throws Exception {
        lie = Lie.MOVED;
        try (NetfsSession session = connect()) {
            assertEquals(2L, session.stats().rpcs("GetEntryByNameN"), "the VL server was asked again after VMOVED");
            assertEquals(FileType.DIRECTORY, session.stat("/").type());
        }
    }

    private NetfsSession connect() throws Exception {
        return client.connect(NetfsUri.parse("afs://" + HOST + "/vol"), Map.of("cell", "hostile.test", "timeout", "5s"));
    }

    /** An nvldbentry naming this fileserver as the read-write site of volume 7. */
    private ByteBuf vlEntry(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer();
        for (int i = 0; i < 65; i++) {
            out.writeInt(i < 3 ? "vol".charAt(i) : 0);
        }
        out.writeInt(sites);
        for (int i = 0; i < 13; i++) {
            out.writeInt(i == 0 ? fsAddress : 0);
        }
        out.writeZero(4 * 13);
        for (int i = 0; i < 13; i++) {
            out.writeInt(i == 0 ? 0x04 : 0);
        }
        out.writeInt(7).writeInt(0).writeInt(0); // volumeId[3]
        out.writeZero(4 * (3 + 8));
        return out;
    }

    private ByteBuf fileserver(ByteBuf request, ByteBufAllocator alloc) throws RxAbortException {
        int opcode = request.readInt();
        ByteBuf out = alloc.buffer();
        switch (opcode) {
            case AfsCalls.FS_FETCH_STATUS -> status(out, lie == Lie.BAD_FILE_TYPE ? 7 : AfsStatus.DIRECTORY, AfsDirectory.PAGE);
            case AfsCalls.FS_FETCH_DATA64 -> {
                out.writeLong(lie == Lie.LONGER_DATA ? AfsDirectory.PAGE + 1 : AfsDirectory.PAGE);
                int page = out.writerIndex();
                out.writeZero(AfsDirectory.PAGE);
                out.setShort(page + 2, AfsDirectory.PAGE_TAG);
                out.setShort(page + 160, 13); // bucket 0 starts at entry 13 ...
                out.setShort(page + 13 * 32 + 2, 13); // ... whose next is itself
                out.setByte(page + 13 * 32 + 12, 'x');
                status(out, AfsStatus.DIRECTORY, AfsDirectory.PAGE);
            }
            case AfsCalls.FS_GIVE_UP_ALL_CALLBACKS -> {
            }
            default -> throw new RxAbortException("opcode " + opcode, AfsErrors.RXGEN_OPCODE);
        }
        return out;
    }

    /** AFSFetchStatus, then AFSCallBack (no promise) and AFSVolSync. */
    private static void status(ByteBuf out, int type, int length) {
        int[] words = new int[AfsStatus.WORDS];
        words[0] = 1;
        words[1] = type;
        words[2] = 1;
        words[3] = length;
        words[4] = 1;
        words[9] = 0755;
        out.ensureWritable(4 * (words.length + 9));
        for (int word : words) {
            out.writeInt(word);
        }
        out.writeZero(4 * (3 + 6));
    }
}
