package io.fscache.ninep;

import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import io.fscache.core.FsCacheSettings;
import io.fscache.netfs.lib.NetfsMounts;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test's client world: the real FS-Cache core with a 160 MiB memory cache {@code "mem"} of
 * 256 KiB granules, the netfs engine's {@link NetfsMounts}, and this module's 9P client.
 */
final class MountRig implements AutoCloseable, AfterEachCallback {

    static final int GRANULE = 256 * 1024;

    final FsCacheService fscache;
    final MemoryCache cache;
    final NinePFilesystem ninep;
    final NetfsMounts mounts;
    private final DiodServer diod;

    MountRig(DiodServer diod) {
        this.diod = diod;
        fscache = new FsCacheService(FsCacheSettings.DEFAULTS);
        cache = new MemoryCache("mem", 160L << 20, GRANULE);
        fscache.addCache(cache);
        ninep = new NinePFilesystem(2);
        mounts = new NetfsMounts(fscache);
        mounts.addFilesystem(NinePFilesystem.SCHEME, ninep);
    }

    /** Mounts the diod export; options as name, value pairs. */
    FileSystem mount(String name, String... options) throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return mounts.mount(name, diod.uri(), map);
    }

    long cacheStat(String line, String counter) {
        return fscache.stats().get(line, counter);
    }

    /** Closes the rig after each test, where it is a test instance's {@code @RegisterExtension} field. */
    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        mounts.close();
        fscache.close();
        ninep.close();
    }
}
