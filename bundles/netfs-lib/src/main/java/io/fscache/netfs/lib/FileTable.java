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
    private final Map<ByteBuffer, FileNode> nodes = new HashMap<>();
    /** Nodes nobody has open, least recently closed first. */
    private final LinkedHashSet<FileNode> idle = new LinkedHashSet<>();

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
        FileNode node = nodes.get(key);
        if (node == null) {
            node = new FileNode(attributes, acquireCookie(attributes), maxInFlight, racyWindowMillis);
            nodes.put(key, node);
        } else {
            check(node, attributes, forData);
        }
        idle.remove(node);
        node.opens++;
        if (node.cookie != null) {
            node.cookie.use(willModify);
        }
        return node;
    }

    /**
     * Closes one handle of {@code node}.
     *
     * @param attributes the server's attributes after this handle's writes, or {@code null} if it wrote nothing
     */
    synchronized void close(FileNode node, FileAttributes attributes) {
        if (attributes != null) {
            node.serverAttributes(attributes);
            node.modifiedLocally = false;
        }
        if (node.cookie != null && !node.forgotten) {
            if (attributes != null) {
                node.cookie.unuse(node.coherencyData(), attributes.size());
            } else {
                node.cookie.unuse(null, -1);
            }
        }
        if (--node.opens == 0 && !node.forgotten) {
            // Write-back data a failed flush left behind has no writer any more.
            node.discardDirty();
            if (node.deleted) {
                forget(node, true);
            } else {
                idle.add(node);
                trimIdle();
            }
        }
    }

    /** The file was deleted on the server: its cached data goes when the last handle closes. */
    synchronized void deleted(byte[] fileId) {
        FileNode node = nodes.get(ByteBuffer.wrap(fileId));
        if (node == null) {
            return;
        }
        node.deleted = true;
        if (node.opens == 0) {
            idle.remove(node);
            forget(node, true);
        }
    }

    /** Relinquishes every cookie (the mount is going away; every handle has been closed). */
    synchronized void clear() {
        for (FileNode node : List.copyOf(nodes.values())) {
            forget(node, node.deleted);
        }
        idle.clear();
    }

    /**
     * Checks the server's current {@code attributes} of {@code node}, open, against the cache's
     * coherency data; a change invalidates the cached data and the fetches in flight.
     */
    synchronized void revalidate(FileNode node, FileAttributes attributes) {
        check(node, attributes, false);
    }

    private void check(FileNode node, FileAttributes attributes, boolean distrustRacy) {
        boolean sameChange = node.sameChange(attributes);
        // Racy data is shared by handles open together (as a page cache is), and distrusted by the
        // first open for data after they have all closed.
        if (sameChange && !(distrustRacy && node.isRacy() && node.opens == 0)) {
            return;
        }
        if (!sameChange && node.opens > 0 && node.modifiedLocally) {
            // Our own writes changed the server's change id while the file stayed open: adopt it.
            node.serverAttributes(attributes);
            if (node.cookie != null && !node.forgotten) {
                node.cookie.update(node.coherencyData(), attributes.size());
            }
            return;
        }
        // Changed on the server, or cached while a change could have left the timestamps as they
        // were: nothing cached or fetched so far may be served.
        node.serverChanged();
        node.serverAttributes(attributes);
        if (node.cookie != null && !node.forgotten) {
            node.cookie.invalidate(attributes.changeId(), attributes.size());
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
        Iterator<FileNode> it = idle.iterator();
        List<FileNode> evicted = new ArrayList<>();
        while (idle.size() - evicted.size() > maxIdle && it.hasNext()) {
            evicted.add(it.next());
        }
        for (FileNode node : evicted) {
            idle.remove(node);
            forget(node, false);
        }
    }

    private void forget(FileNode node, boolean retire) {
        node.forgotten = true;
        nodes.remove(ByteBuffer.wrap(node.fileId), node);
        if (node.cookie != null) {
            node.cookie.relinquish(retire);
        }
    }
}
