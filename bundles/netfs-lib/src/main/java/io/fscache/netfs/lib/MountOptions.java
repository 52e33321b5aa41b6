package io.fscache.netfs.lib;

import io.fscache.netfs.CacheMode;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.MountOption;
import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.MountOptionValues;
import io.fscache.netfs.Secrets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A mount's options, split into the engine's own ({@link #SPEC}) and the protocol's (passed to
 * {@link io.fscache.netfs.NetworkFilesystem#connect} untouched). Their syntax, by type, is
 * {@link MountOption}'s.
 *
 * @param cacheName the cache to use, or {@code null} for any live cache
 * @param mode how the cache is used
 * @param readahead the largest readahead window in bytes, 0 for none; empty where the mount does not
 *        set it ({@link #readahead(IoLimits)} then decides)
 * @param dirtyLimit write-back: dirty bytes per file that start a flush behind the writer
 * @param maxIdleFiles closed files whose cookies stay acquired
 * @param racyWindow how long after its last modification a file's data is racy (see {@link FileNode#touched})
 * @param attributeTimeout how long the attributes a directory listing reported answer
 *        {@code readAttributes} (see {@link ListedAttributes}), and how long an open file's reads
 *        trust its attributes before reading them again ({@link OpenFile#read}); zero asks the
 *        server each time
 * @param protocolOptions everything else, for the protocol
 */
public record MountOptions(String cacheName, CacheMode mode, OptionalLong readahead, int dirtyLimit, int maxIdleFiles,
        Duration racyWindow, Duration attributeTimeout, Map<String, String> protocolOptions) {

    /** The engine's options, which every mount takes. */
    public static final MountOptionSpec SPEC = MountOptionSpec.of("netfs",
            MountOption.string("cache", null, "the cache to use, by name (a live one), or none; by default the live "
                    + "cache of the highest priority"),
            MountOption.string("mode", CacheMode.WRITETHROUGH.optionValue(),
                    "how the cache is used: writethrough, writeback, readonly or none"),
            MountOption.bytes("readahead", "8m", 0, 1L << 30, "the largest readahead window; 0 turns readahead off; "
                    + "by default 8m, or what the protocol suggests (NFS: one READ, its rsize)"),
            MountOption.bytes("dirty.limit", "16m", 1, 1L << 30, "write-back: dirty bytes per file that start a flush behind the writer, which waits at twice this"),
            MountOption.count("max.idle.files", 1024L, 0, 1_000_000, "closed files whose cookies the mount keeps"),
            MountOption.duration("racy.window", "2s", Duration.ZERO, Duration.ofHours(1),
                    "data fetched this soon after the file's last change is fetched again on the next open; 0 turns it off"),
            MountOption.duration("actimeo", "1s", Duration.ZERO, Duration.ofHours(1),
                    "how long the attributes a directory listing reported answer a stat, and an open file's reads trust its attributes before reading them again; 0 asks the server every time"));

    /** The readahead window where neither the mount nor the protocol sets one. */
    static final long DEFAULT_READAHEAD = 8L << 20;

    public MountOptions {
        protocolOptions = Map.copyOf(protocolOptions);
    }

    /**
     * The largest readahead window in bytes (0 for none): the mount's {@code readahead} if given, else
     * the one the protocol suggests for the session ({@link IoLimits#readahead()}), else 8 MiB.
     */
    public long readahead(IoLimits limits) {
        return readahead.orElse(limits.readahead() > 0 ? limits.readahead() : DEFAULT_READAHEAD);
    }

    /**
     * Parses the engine's options and keeps the others for the protocol (which checks them).
     *
     * @throws IllegalArgumentException naming the option if one is invalid
     */
    public static MountOptions parse(Map<String, String> options) {
        MountOptionValues values = SPEC.parseDeclared(options);
        Map<String, String> protocol = new LinkedHashMap<>(options);
        protocol.keySet().removeIf(name -> SPEC.option(name).isPresent());
        String cacheName = null;
        CacheMode mode = CacheMode.parse(values.string("mode").orElseThrow().trim());
        String cache = values.string("cache").map(String::trim).orElse(null);
        if (cache != null) {
            if (cache.isEmpty()) {
                throw new IllegalArgumentException("option cache must be a cache's name or a mode (none, writethrough, "
                        + "writeback, readonly), not \"\"");
            }
            CacheMode modeFromCache = modeKeyword(cache);
            if (modeFromCache == null) {
                cacheName = cache;
            } else {
                // The design's spelling: cache=writeback picks the mode, with whichever cache is live.
                if (values.isGiven("mode") && mode != modeFromCache) {
                    throw new IllegalArgumentException("cache=" + cache + " conflicts with mode=" + mode.optionValue());
                }
                mode = modeFromCache;
            }
        }
        OptionalLong readahead = values.isGiven("readahead") ? OptionalLong.of(values.bytes("readahead")) : OptionalLong.empty();
        return new MountOptions(cacheName, mode, readahead, (int) values.bytes("dirty.limit"),
                (int) values.count("max.idle.files"), values.duration("racy.window"), values.duration("actimeo"), protocol);
    }

    /** The mode a {@code cache=} value names, or null if it names a cache. */
    private static CacheMode modeKeyword(String value) {
        for (CacheMode mode : CacheMode.values()) {
            if (mode.optionValue().equalsIgnoreCase(value)) {
                return mode;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "MountOptions[cache=" + (cacheName == null ? "(any)" : cacheName) + ", mode=" + mode.optionValue()
                + ", readahead=" + (readahead.isPresent() ? readahead.getAsLong() : "(default)")
                + ", dirty.limit=" + dirtyLimit + ", max.idle.files=" + maxIdleFiles
                + ", racy.window=" + racyWindow.toMillis() + "ms, actimeo=" + attributeTimeout.toMillis()
                + "ms, protocol=" + Secrets.hide(protocolOptions) + "]";
    }
}
