package io.fscache.smb;

import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import io.fscache.core.FsCacheSettings;
import io.fscache.netfs.lib.NetfsMounts;
import java.io.IOException;
import java.nio.file.FileSystem;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test's client world: the real FS-Cache core with a 160 MiB memory cache of 256 KiB granules,
 * the netfs engine's mounts, and an {@link SmbFilesystem} registered for {@code smb}.
 */
final class SmbRig implements AutoCloseable, AfterEachCallback {

    final FsCacheService fscache = new FsCacheService(FsCacheSettings.DEFAULTS);
    final MemoryCache cache = new MemoryCache("mem", 160L << 20, 256 << 10);
    final SmbFilesystem smb = new SmbFilesystem();
    final NetfsMounts mounts = new NetfsMounts(fscache);

    SmbRig() {
        fscache.addCache(cache);
        mounts.addFilesystem(SmbFilesystem.SCHEME, smb);
    }

    FileSystem mount(String name, SambaPeer peer, String... options) throws IOException {
        return mounts.mount(name, peer.uri(), peer.options(options));
    }

    /** Closes the rig after each test, where it is a test instance's {@code @RegisterExtension} field. */
    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        mounts.close();
        smb.close();
        fscache.close();
    }
}
