package io.fscache.nfs;

import io.fscache.netfs.NetfsPaths;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The file handles of directories an NFSv3 session looked up, reused for {@code acdirmin}: an open
 * of {@code /a/b/c/f} then sends one LOOKUP (of {@code f}, whose reply carries the attributes the
 * open checks) instead of four, one round trip each. Linux's client does the same with its dentry
 * cache, revalidating a directory's entry once its attributes are {@code acdirmin} old.
 *
 * <p>Only directories are kept, and only their handles: a file's attributes always come from the
 * server at open (close-to-open), so a directory renamed or replaced on the server by another
 * client is seen within {@code acdirmin}, and never makes the cache serve a file's stale bytes (the
 * cache is keyed by the file's handle, not its path). A lookup through a kept handle that the server
 * refuses as stale or missing is made again from the root ({@link NfsSession}); a rename or delete
 * through this session forgets the directories at and under both its paths.
 *
 * <p>Thread-safe: lookups read the map without a lock; what changes it is serialized with the
 * generation. Memory: at most {@value #MAX_ENTRIES} paths and handles.
 */
final class DirectoryHandles {

    /** Directories kept; beyond this, expired ones are swept, and if none had expired, all go. */
    static final int MAX_ENTRIES = 4096;

    /** A directory's handle and when it was looked up ({@link System#nanoTime}). */
    private record Kept(byte[] handle, long lookedUpAt) {
    }

    /** The longest kept directory above a path: its handle, and how many of the path's names it covers. */
    record Start(byte[] handle, int names) {
    }

    private final long timeoutNanos;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Kept> byPath = new ConcurrentHashMap<>();
    /** Bumped by every forget; guarded by this, as are the puts and removals of {@link #byPath}. */
    private long generation;

    /** @param timeoutNanos how long a directory's handle is reused; 0 keeps none */
    DirectoryHandles(long timeoutNanos, LongSupplier clock) {
        this.timeoutNanos = timeoutNanos;
        this.clock = clock;
    }

    /**
     * The generation a lookup begins in, taken before its {@link #start}: what it learns is kept
     * only if nothing was forgotten meanwhile.
     */
    synchronized long generation() {
        return generation;
    }

    /**
     * Where a lookup of {@code names} (from the export's root) can start: the longest kept directory
     * among the first {@code names.size() - 1} names, or {@code null} to start at the root. The last
     * name is always asked of the server.
     */
    Start start(List<String> names) {
        if (timeoutNanos == 0 || byPath.isEmpty()) {
            return null;
        }
        long now = clock.getAsLong();
        for (int count = names.size() - 1; count > 0; count--) {
            Kept kept = byPath.get(path(names, count));
            if (kept != null && now - kept.lookedUpAt() < timeoutNanos) {
                return new Start(kept.handle(), count);
            }
        }
        return null;
    }

    /**
     * The server just said that the first {@code count} of {@code names} are a directory with
     * {@code handle}, to a lookup begun in {@code since} ({@link #generation}). Ignored if something
     * was forgotten since: a lookup under way when a directory on its path was renamed through this
     * session would otherwise keep the moved directory's handle under its old path.
     */
    synchronized void lookedUp(List<String> names, int count, byte[] handle, long since) {
        if (timeoutNanos == 0 || since != generation) {
            return;
        }
        long now = clock.getAsLong();
        byPath.put(path(names, count), new Kept(handle, now));
        if (byPath.size() > MAX_ENTRIES) {
            byPath.values().removeIf(kept -> now - kept.lookedUpAt() >= timeoutNanos);
            if (byPath.size() > MAX_ENTRIES) {
                byPath.clear();
            }
        }
    }

    /** {@code path} (a server path) was renamed or deleted: neither it nor anything under it is kept. */
    synchronized void forget(String path) {
        generation++;
        String key = String.join("/", NetfsPaths.names(path));
        String under = key + "/";
        byPath.keySet().removeIf(kept -> kept.equals(key) || kept.startsWith(under));
    }

    /** A lookup through a kept handle failed: none is trusted any more. */
    synchronized void forgetAll() {
        generation++;
        byPath.clear();
    }

    private static String path(List<String> names, int count) {
        return String.join("/", names.subList(0, count));
    }
}
