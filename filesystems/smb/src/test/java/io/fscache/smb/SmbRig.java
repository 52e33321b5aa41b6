package io.fscache.smb;

import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import io.fscache.core.FsCacheSettings;
import io.fscache.netfs.lib.NetfsMounts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * One test's client world: the real FS-Cache core with a 160 MiB memory cache of 256 KiB granules,
 * the netfs engine's mounts, and an {@link SmbFilesystem} registered for {@code smb}.
 */
final class SmbRig implements AutoCloseable {

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

    long stat(String line, String counter) {
        return fscache.stats().get(line, counter);
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Reads a whole file through a channel in {@code chunk}-byte reads. */
    static byte[] readAll(Path path, int chunk) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(path, StandardOpenOption.READ)) {
            ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(channel.size()));
            ByteBuffer buffer = ByteBuffer.allocate(chunk);
            while (channel.read(buffer.clear()) >= 0) {
                all.put(buffer.flip());
            }
            return all.array();
        }
    }

    @Override
    public void close() {
        mounts.close();
        smb.close();
        fscache.close();
    }
}
