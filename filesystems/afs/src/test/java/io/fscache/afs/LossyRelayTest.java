package io.fscache.afs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.afs.rx.RxEndpoint;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.contract.LossyRelay;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * FetchData64 and StoreData64 of a megabyte each through a {@link LossyRelay} that drops 5 % of
 * the datagrams each way and reorders another 5 %: Rx's ACKs, NACKs and retransmissions (ours and
 * the fileserver's) bring every byte across, as OpenAFS's own client reads them back.
 */
class LossyRelayTest {

    @RegisterExtension
    static final OpenAfsCell CELL = OpenAfsCell.shared();

    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    private static final int MIB = 1 << 20;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private LossyRelay relay;
    private RxEndpoint endpoint;
    private AfsClient lossy;

    @BeforeEach
    void throughTheRelay() throws Exception {
        relay = new LossyRelay(new InetSocketAddress(OpenAfsCell.ADDRESS, 7000), 0.05, 0.05, 7);
        CacheManagerService cacheManager = new CacheManagerService(UUID.randomUUID(), new Vnodes(new LongAdder(), () -> { }));
        cacheManager.address(InetAddress.getLoopbackAddress());
        endpoint = RxEndpoint.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), cacheManager).get();
        lossy = new AfsClient(endpoint, relay.address(), AfsCalls.FS_SERVICE, Duration.ofSeconds(120), new ProtocolCounters());
    }

    @AfterEach
    void close() {
        endpoint.close();
        relay.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void aMegabyteEachWayCrossesFivePercentLossAndReorderingWhole() throws Exception {
        byte[] bytes = random(MIB, 5);
        String name = "lossy-" + RUN;
        CELL.write(name, bytes);
        String written = "lossy-written-" + RUN;
        AfsFid fid;
        AfsFid target;
        try (AfsFilesystem direct = new AfsFilesystem(1); NetfsSession session = direct.connect(CELL.uri(""), CELL.options())) {
            try (RemoteFile file = session.open("/" + written, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW))) {
                file.fsync();
            }
            fid = ((AfsSession) session).resolve("/" + name);
            target = ((AfsSession) session).resolve("/" + written);
        }

        byte[] read = AfsClient.await(lossy.call("FetchData64", name, alloc -> AfsCalls.fetchData64(alloc, fid, 0, MIB),
                MIB + 8 + AfsCalls.STATUS_TRAILER, reply -> {
                    byte[] data = new byte[AfsCalls.dataLength(reply, MIB, name)];
                    reply.readBytes(data);
                    AfsCalls.fetched(reply);
                    return data;
                }));
        assertArrayEquals(bytes, read, "the bytes read through the relay");

        byte[] other = random(MIB, 6);
        ByteBuf data = Unpooled.wrappedBuffer(other);
        AfsClient.await(lossy.call("StoreData64", written, alloc -> AfsCalls.storeData64(alloc, target, 0, data, MIB,
                AfsChanges.nowSeconds()), AfsSession.STATUS_REPLY, AfsCalls::statusAndSync));
        assertArrayEquals(other, CELL.read(written), "OpenAFS reads what went through the relay");
        assertTrue(relay.dropped() > 0, "the relay dropped nothing");
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
