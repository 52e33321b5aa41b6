package io.fscache.netfs.contract;

import static org.awaitility.Awaitility.await;

import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import io.fscache.core.FsCacheSettings;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.ProtocolStats;
import io.fscache.netfs.lib.NetfsMounts;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test's client world: the real FS-Cache core with a 160 MiB memory cache {@code "mem"} of
 * {@value #GRANULE}-byte granules, the netfs engine's {@link NetfsMounts}, and a client of the
 * peer's protocol, which the rig owns from then on. Closed after each test where it is a test
 * instance's {@code @RegisterExtension} field; otherwise the test closes it. Not thread-safe: set up
 * and closed on the test's thread (mounts it makes are used from any thread).
 *
 * @param <C> the protocol's client type, for tests that read its own counters
 */
public final class MountRig<C extends NetworkFilesystem> implements AutoCloseable, AfterEachCallback {

    /** The memory cache's granule, in bytes. */
    public static final int GRANULE = 256 * 1024;

    private final FsCacheService fscache = new FsCacheService(FsCacheSettings.DEFAULTS);
    private final NetfsMounts mounts = new NetfsMounts(fscache);
    private final Peer peer;
    private final C client;

    public MountRig(Peer peer, C client) {
        this.peer = peer;
        this.client = client;
        fscache.addCache(new MemoryCache("mem", 160L << 20, GRANULE));
        mounts.addFilesystem(client.scheme(), client);
    }

    /** Mounts the peer's export as {@code name}; engine and protocol options as name, value pairs. */
    public FileSystem mount(String name, String... options) throws IOException {
        return mounts.mount(name, peer.uri(), peer.options(options));
    }

    /** What the session of mount {@code name} sent and received. */
    public ProtocolStats stats(String name) {
        return mounts.stats(name).orElseThrow();
    }

    public C client() {
        return client;
    }

    public FsCacheService fscache() {
        return fscache;
    }

    /** File data bytes the server sent this rig's client ({@link Peer#bytesRead}). */
    public long serverBytes() {
        return peer.bytesRead(client);
    }

    /** A counter of the core's statistics, such as {@code ("IO", "rdb")}, bytes read from the cache. */
    public long cacheStat(String line, String counter) {
        return fscache.stats().get(line, counter);
    }

    /** Waits until the engine's asynchronous copy to the cache has written {@code bytes} in all. */
    public void awaitCached(long bytes) {
        await("the cache gets " + bytes + " bytes").atMost(Duration.ofSeconds(60))
                .until(() -> cacheStat("IO", "wrb") >= bytes);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    /** Unmounts everything, closes the core and the client. */
    @Override
    public void close() throws Exception {
        mounts.close();
        fscache.close();
        PeerContract.close(client);
    }
}
