package io.fscache.netfs.contract;

import static org.awaitility.Awaitility.await;

import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import io.fscache.core.FsCacheSettings;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.lib.NetfsMounts;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.time.Duration;

/**
 * One test's client world: the real FS-Cache core with a 160 MiB memory cache {@code "mem"} of
 * {@value #GRANULE}-byte granules, the netfs engine's {@link NetfsMounts}, and a new client of the
 * peer's protocol.
 */
final class MountRig implements AutoCloseable {

    static final int GRANULE = 256 * 1024;

    final FsCacheService fscache = new FsCacheService(FsCacheSettings.DEFAULTS);
    final NetworkFilesystem client;
    final NetfsMounts mounts = new NetfsMounts(fscache);
    private final Peer peer;

    MountRig(Peer peer) {
        this.peer = peer;
        this.client = peer.newClient();
        fscache.addCache(new MemoryCache("mem", 160L << 20, GRANULE));
        mounts.addFilesystem(client.scheme(), client);
    }

    /** Mounts the peer's export as {@code name}; engine and protocol options as name, value pairs. */
    FileSystem mount(String name, String... options) throws IOException {
        return mounts.mount(name, peer.uri(), peer.options(options));
    }

    /** File data bytes the server sent this rig's client. */
    long serverBytes() {
        return peer.bytesRead(client);
    }

    long cacheStat(String line, String counter) {
        return fscache.stats().get(line, counter);
    }

    /** Waits until the engine's asynchronous copy to the cache has written {@code bytes} in all. */
    void awaitCached(long bytes) {
        await("the cache gets " + bytes + " bytes").atMost(Duration.ofSeconds(60))
                .until(() -> cacheStat("IO", "wrb") >= bytes);
    }

    @Override
    public void close() throws Exception {
        mounts.close();
        fscache.close();
        PeerContract.close(client);
    }
}
