package io.fscache.netfs.lib;

import io.fscache.api.ByteSize;
import io.fscache.netfs.CacheMode;
import io.fscache.netfs.Secrets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mount's options, split into the engine's own and the protocol's (passed to
 * {@link io.fscache.netfs.NetworkFilesystem#connect} untouched).
 *
 * <table>
 * <caption>Engine options</caption>
 * <tr><th>option</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code cache}</td><td>the live cache of the highest priority</td><td>the cache to use (live
 *     when mounting); or a mode ({@code none}, {@code writethrough}, {@code writeback}, {@code readonly}),
 *     as the design spells it, with the live cache of the highest priority</td></tr>
 * <tr><td>{@code mode}</td><td>{@code writethrough}</td><td>{@code writethrough}, {@code writeback},
 *     {@code readonly} or {@code none}</td></tr>
 * <tr><td>{@code readahead}</td><td>{@code 8m}</td><td>the largest readahead window; {@code 0} turns readahead off</td></tr>
 * <tr><td>{@code dirty.limit}</td><td>{@code 16m}</td><td>write-back: dirty bytes per file that trigger a flush</td></tr>
 * <tr><td>{@code max.idle.files}</td><td>{@code 1024}</td><td>closed files whose cookies the mount keeps</td></tr>
 * <tr><td>{@code racy.window}</td><td>{@code 2s}</td><td>data fetched less than this after the file's
 *     last modification is not trusted on the next open; {@code 0} turns the rule off</td></tr>
 * </table>
 * Sizes are bytes with an optional {@code k}, {@code m} or {@code g} suffix (powers of 1024).
 * Durations are a whole number with {@code ms}, {@code s}, {@code m} or {@code h}; a bare number is seconds.
 *
 * @param cacheName the cache to use, or {@code null} for any live cache
 * @param mode how the cache is used
 * @param readahead the largest readahead window in bytes, 0 for none
 * @param dirtyLimit write-back: dirty bytes per file that trigger a flush
 * @param maxIdleFiles closed files whose cookies stay acquired
 * @param racyWindow how long after its last modification a file's data is racy (see {@link FileNode#touched})
 * @param protocolOptions everything else, for the protocol
 */
public record MountOptions(String cacheName, CacheMode mode, long readahead, int dirtyLimit, int maxIdleFiles,
        Duration racyWindow, Map<String, String> protocolOptions) {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    public MountOptions {
        protocolOptions = Map.copyOf(protocolOptions);
    }

    /**
     * Parses mount options.
     *
     * @throws IllegalArgumentException naming the option if one is invalid
     */
    public static MountOptions parse(Map<String, String> options) {
        Map<String, String> protocol = new LinkedHashMap<>(options);
        String cache = protocol.remove("cache");
        String modeValue = protocol.remove("mode");
        String cacheName = null;
        CacheMode mode = modeValue == null ? CacheMode.WRITETHROUGH : CacheMode.parse(modeValue.trim());
        if (cache != null) {
            cache = cache.trim();
            if (cache.isEmpty()) {
                throw new IllegalArgumentException("cache must name a cache, or be a mode: none, writethrough, writeback or readonly");
            }
            CacheMode modeFromCache = modeKeyword(cache);
            if (modeFromCache == null) {
                cacheName = cache;
            } else {
                // The design's spelling: cache=writeback picks the mode, with whichever cache is live.
                if (modeValue != null && mode != modeFromCache) {
                    throw new IllegalArgumentException("cache=" + cache + " conflicts with mode=" + mode.optionValue());
                }
                mode = modeFromCache;
            }
        }
        long readahead = size(protocol.remove("readahead"), 8L << 20, "readahead");
        long dirtyLimit = size(protocol.remove("dirty.limit"), 16L << 20, "dirty.limit");
        if (dirtyLimit <= 0 || dirtyLimit > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("dirty.limit must be between 1 byte and 2g, not " + dirtyLimit);
        }
        long maxIdle = count(protocol.remove("max.idle.files"), 1024, "max.idle.files");
        Duration racyWindow = duration(protocol.remove("racy.window"), Duration.ofSeconds(2), "racy.window");
        return new MountOptions(cacheName, mode, readahead, (int) dirtyLimit, (int) maxIdle, racyWindow, protocol);
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
                + ", readahead=" + readahead + ", dirty.limit=" + dirtyLimit + ", max.idle.files=" + maxIdleFiles
                + ", racy.window=" + racyWindow.toMillis() + "ms, protocol=" + Secrets.hide(protocolOptions) + "]";
    }

    private static long size(String value, long defaultValue, String option) {
        return value == null ? defaultValue : ByteSize.parse(value, option);
    }

    private static Duration duration(String value, Duration defaultValue, String option) {
        if (value == null) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches() || m.group(1).length() > 9) {
            throw new IllegalArgumentException(option + " must be a duration such as 2s or 500ms, not \"" + value + "\"");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static long count(String value, long defaultValue, String option) {
        if (value == null) {
            return defaultValue;
        }
        String text = value.trim();
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(option + " must be a whole number, not \"" + value + "\"");
        }
        return Long.parseLong(text);
    }
}
