package io.fscache.netfs.lib;

import io.fscache.api.Cookie;
import io.fscache.api.KeyCollisionException;
import io.fscache.api.Volume;
import io.fscache.netfs.FileAttributes;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The files of one mount, by the server's file id: one {@link FileNode} and one cookie per file,
 * shared by all its open handles. This is where coherency is checked: when a file is opened, the
 * server's change id and size are compared with the cookie's, and a mismatch invalidates the cached
 * data before any byte is served. Files nobody has open stay in the table, with their cookies
 * acquired (so the core's cookie LRU can keep their objects open), up to a bound; beyond it the
 * least recently closed are relinquished. Thread-safe.
 */
final class FileTable {

    private static final System.Logger LOG = System.getLogger(FileTable.class.getName());

    private final Volume volume;
    private final int maxInFlight;
    private final int maxIdle;
    private final long racyWindowMillis;
    /** The buffers of the files' cached fetches, reused. */
    private final FetchBuffers buffers = new FetchBuffers();
    private final CacheStores stores = new CacheStores();
    private final Map<ByteBuffer, Entry> entries = new HashMap<>();
    /** Files nobody has open, least recently closed first. */
    private final LinkedHashSet<Entry> idle = new LinkedHashSet<>();

    /** A file in the table: its node and what only the table knows of it. Guarded by the table. */
    private static final class Entry {
        final FileNode node;
        int opens;
        /** Deleted on the server: its cached data goes when the last handle closes. */
        boolean deleted;

        Entry(FileNode node) {
            this.node = node;
        }
    }

    /**
     * @param volume the mount's cache volume, or {@code null} when the mount is not cached
     * @param maxInFlight the protocol's RPCs in flight per file
     * @param maxIdle files kept with their cookies while nobody has them open
     * @param racyWindowMillis see {@link FileNode#touched}
     */
    FileTable(Volume volume, int maxInFlight, int maxIdle, long racyWindowMillis) {
        this.volume = volume;
        this.maxInFlight = maxInFlight;
        this.maxIdle = maxIdle;
        this.racyWindowMillis = racyWindowMillis;
    }

    /**
     * Opens the node of the file the server describes with {@code attributes}, checking the cache's
     * coherency data against them.
     *
     * @param willModify the file is opened for writing
     * @param forData the file is opened to read or write it, not only to look at what the cache holds:
     *        racy data is then no longer trusted (see {@link FileNode})
     */
    synchronized FileNode open(FileAttributes attributes, boolean willModify, boolean forData) {
        ByteBuffer key = ByteBuffer.wrap(attributes.fileId());
        Entry entry = entries.get(key);
        if (entry == null) {
            entry = new Entry(new FileNode(attributes, acquireCookie(attributes), maxInFlight, racyWindowMillis, buffers, stores));
            entries.put(key, entry);
        } else {
            check(entry.node, entry, attributes, forData);
        }
        if (forData) {
            // The session read them for this open: the handle's reads trust them for actimeo.
            entry.node.attributesRead();
        }
        idle.remove(entry);
        entry.opens++;
        Cookie cookie = entry.node.cookie();
        if (cookie != null) {
            cookie.use(willModify);
        }
        return entry.node;
    }

    /**
     * Closes one handle of {@code node}.
     *
     * @param attributes the server's attributes after this handle's writes, or {@code null} if it wrote nothing
     */
    synchronized void close(FileNode node, FileAttributes attributes) {
        if (attributes != null) {
            node.closedAfterWrites(attributes);
        }
        Entry entry = entryOf(node);
        if (entry == null) {
            return;
        }
        Cookie cookie = node.cookie();
        if (cookie != null) {
            if (attributes != null) {
                cookie.unuse(node.coherencyData(), attributes.size());
            } else {
                cookie.unuse(null, -1);
            }
        }
        if (--entry.opens == 0) {
            // Write-back data a failed flush left behind has no writer any more.
            node.discardDirty();
            if (entry.deleted) {
                forget(entry, true);
            } else {
                idle.add(entry);
                trimIdle();
            }
        }
    }

    /** The file was deleted on the server: its cached data goes when the last handle closes. */
    synchronized void deleted(byte[] fileId) {
        Entry entry = entries.get(ByteBuffer.wrap(fileId));
        if (entry == null) {
            return;
        }
        entry.deleted = true;
        if (entry.opens == 0) {
            idle.remove(entry);
            forget(entry, true);
        }
    }

    /** Whether a node of the file with this id is open or idle here. */
    synchronized boolean holds(byte[] fileId) {
        return entries.containsKey(ByteBuffer.wrap(fileId));
    }

    /**
     * This mount renamed the file the server now describes with {@code after}. A rename moves the
     * file's ctime (and so its change id) but not its data: if size and modification time are what
     * the node has, the cached data stays valid under the new change id, as it does after the file's
     * own writes. Otherwise the next open finds the change.
     */
    synchronized void renamed(FileAttributes after) {
        Entry entry = entries.get(ByteBuffer.wrap(after.fileId()));
        if (entry == null || entry.node.sameChange(after) || !entry.node.sameData(after)) {
            return;
        }
        entry.node.serverAttributes(after);
        Cookie cookie = entry.node.cookie();
        if (cookie != null) {
            cookie.update(entry.node.coherencyData(), after.size());
        }
    }

    /**
     * The server says another client changed the file with this id (an empty id: any file): its open
     * handles check its attributes at their next read ({@link FileNode#takeChangeNotice}); a file
     * no handle has open is checked at its next open anyway.
     */
    synchronized void changeNotified(byte[] fileId) {
        if (fileId.length == 0) {
            entries.values().forEach(entry -> entry.node.changeNotified());
            return;
        }
        Entry entry = entries.get(ByteBuffer.wrap(fileId));
        if (entry != null) {
            entry.node.changeNotified();
        }
    }

    /**
     * Relinquishes every cookie and stops the store thread (the mount is going away; every handle
     * has been closed, and so every store has landed).
     */
    synchronized void clear() {
        for (Entry entry : List.copyOf(entries.values())) {
            forget(entry, entry.deleted);
        }
        idle.clear();
        stores.close();
    }

    /**
     * Checks the server's current {@code attributes} of {@code node}, open, against the cache's
     * coherency data; a change invalidates the cached data and the fetches in flight.
     */
    synchronized void revalidate(FileNode node, FileAttributes attributes) {
        node.attributesRead();
        check(node, entryOf(node), attributes, false);
    }

    /**
     * The table's entry of {@code node}, or {@code null} if the node has been forgotten (its cookie
     * relinquished; a later open of the file made a new node).
     */
    private Entry entryOf(FileNode node) {
        Entry entry = entries.get(ByteBuffer.wrap(node.fileId()));
        return entry != null && entry.node == node ? entry : null;
    }

    /** @param entry the node's entry, or {@code null} if it has been forgotten */
    private void check(FileNode node, Entry entry, FileAttributes attributes, boolean distrustRacy) {
        int opens = entry == null ? 0 : entry.opens;
        Cookie cookie = entry == null ? null : node.cookie();
        boolean sameChange = node.sameChange(attributes);
        // Racy data is shared by handles open together (as a page cache is), and distrusted by the
        // first open for data after they have all closed.
        if (sameChange && !(distrustRacy && node.isRacy() && opens == 0)) {
            return;
        }
        if (!sameChange && opens > 0 && node.isModifiedLocally()) {
            // Our own writes changed the server's change id while the file stayed open: adopt it.
            node.serverAttributes(attributes);
            if (cookie != null) {
                cookie.update(node.coherencyData(), attributes.size());
            }
            return;
        }
        // Changed on the server, or cached while a change could have left the timestamps as they
        // were: nothing cached or fetched so far may be served.
        node.serverChanged();
        node.serverAttributes(attributes);
        if (cookie != null) {
            cookie.invalidate(attributes.changeId(), attributes.size());
        }
    }

    private Cookie acquireCookie(FileAttributes attributes) {
        if (volume == null) {
            return null;
        }
        try {
            return volume.acquireCookie(attributes.fileId(), attributes.changeId(), attributes.size());
        } catch (KeyCollisionException e) {
            // A deleted file's cookie still held by an open handle, and the server reused its id.
            LOG.log(Level.DEBUG, () -> "file not cached: " + e.getMessage());
            return null;
        }
    }

    private void trimIdle() {
        Iterator<Entry> it = idle.iterator();
        List<Entry> evicted = new ArrayList<>();
        while (idle.size() - evicted.size() > maxIdle && it.hasNext()) {
            evicted.add(it.next());
        }
        for (Entry entry : evicted) {
            idle.remove(entry);
            forget(entry, false);
        }
    }

    private void forget(Entry entry, boolean retire) {
        entries.remove(ByteBuffer.wrap(entry.node.fileId()), entry);
        Cookie cookie = entry.node.cookie();
        if (cookie != null) {
            cookie.relinquish(retire);
        }
    }
}
