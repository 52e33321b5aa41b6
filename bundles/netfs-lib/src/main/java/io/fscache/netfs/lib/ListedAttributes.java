package io.fscache.netfs.lib;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The attributes a mount's directory listings reported, trusted for a short time: an {@code ls -l}
 * or a tree walk reads every entry's attributes right after listing its directory, and every
 * protocol's listing carries them (SMB's and NFS's READDIRPLUS by nature, 9P's by the getattrs it
 * pipelines), so asking the server again per entry would only repeat it. This is the kernel's
 * attribute cache as its NFS and CIFS clients prime it from a listing ({@code actimeo}).
 *
 * <p>Only {@code readAttributes} and what the cache holds of a file are answered from here; opens,
 * which check the cache's coherency, always take the server's attributes of that moment, so a
 * stale answer here never serves stale data. Anything this mount changes (a create, write, delete,
 * rename or mkdir) drops every listing once it is made, and every listing under way then, so the
 * mount always sees its own changes.
 *
 * <p>Thread-safe. Memory: the entries of the directories listed within the timeout.
 */
final class ListedAttributes {

    /** Directories listed; expired ones are swept when a listing is added beyond this many. */
    private static final int SWEEP_ABOVE = 64;

    private record Listing(long listedAtNanos, Map<String, FileAttributes> byName) {
    }

    private final long timeoutNanos;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Listing> byDirectory = new ConcurrentHashMap<>();
    /** Bumped by every change; guarded by this, as are the puts and clears of {@link #byDirectory}. */
    private long generation;

    /** @param timeoutNanos how long a listing is trusted; 0 keeps nothing */
    ListedAttributes(long timeoutNanos, LongSupplier clock) {
        this.timeoutNanos = timeoutNanos;
        this.clock = clock;
    }

    /** The generation a listing begins in, taken before it asks the server (see {@link #listed}). */
    synchronized long generation() {
        return generation;
    }

    /**
     * The server listed {@code directory} (a server path) as {@code entries}, just now, for a listing
     * begun in generation {@code since}. Ignored if this mount changed something since: a listing
     * under way at a delete would otherwise keep the deleted file for the timeout.
     */
    synchronized void listed(String directory, List<DirEntry> entries, long since) {
        if (timeoutNanos == 0 || since != generation) {
            return;
        }
        Map<String, FileAttributes> byName = new HashMap<>(entries.size() * 4 / 3 + 1);
        for (DirEntry entry : entries) {
            byName.put(entry.name(), entry.attributes());
        }
        long now = clock.getAsLong();
        byDirectory.put(directory, new Listing(now, byName));
        if (byDirectory.size() > SWEEP_ABOVE) {
            byDirectory.values().removeIf(listing -> now - listing.listedAtNanos() >= timeoutNanos);
        }
    }

    /** The attributes of {@code path} (a server path) from a listing still trusted, or {@code null}. */
    FileAttributes get(String path) {
        int slash = path.lastIndexOf('/');
        if (timeoutNanos == 0 || slash < 0 || slash == path.length() - 1) {
            return null;
        }
        Listing listing = byDirectory.get(slash == 0 ? "/" : path.substring(0, slash));
        if (listing == null) {
            return null;
        }
        if (clock.getAsLong() - listing.listedAtNanos() >= timeoutNanos) {
            return null;
        }
        return listing.byName().get(path.substring(slash + 1));
    }

    /** This mount changed something on the server (called once the change is made): no listing is trusted any more. */
    synchronized void changed() {
        generation++;
        byDirectory.clear();
    }
}
