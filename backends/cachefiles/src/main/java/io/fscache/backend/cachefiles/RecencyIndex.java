package io.fscache.backend.cachefiles;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Every object of the cache, least recently used first: the culler takes its victims from the head.
 * Built at start from the metadata files' modification times (which {@code close} refreshes), kept
 * in memory after that, so culling never walks the disk.
 *
 * <p>Objects move to the tail when looked up, created or closed: recency of use by files, not of
 * single reads, which is what matters for choosing whole files to drop.
 */
final class RecencyIndex {

    /** An object's place: its volume directory, fan-out directory and data file name. */
    record Id(String volume, String fanout, String name) {
    }

    /**
     * One object. {@code open} and {@code bytes} change under the id's stripe lock (see
     * {@link CachefilesCache#stripe}); the culler reads them there too. While open, the object
     * itself holds the charge for its bytes; once closed, {@code bytes} is it.
     */
    static final class Entry {
        final Id id;
        volatile boolean open;
        volatile long bytes;

        Entry(Id id, boolean open, long bytes) {
            this.id = id;
            this.open = open;
            this.bytes = bytes;
        }
    }

    // Insertion order, not access order: moving to the tail is explicit, so reads do not reorder.
    private final LinkedHashMap<Id, Entry> entries = new LinkedHashMap<>();

    synchronized Entry get(Id id) {
        return entries.get(id);
    }

    /** Adds or replaces an entry, as the most recently used. */
    synchronized void put(Entry entry) {
        entries.remove(entry.id);
        entries.put(entry.id, entry);
    }

    /** Makes an entry the most recently used, if it is still in the index. */
    synchronized void touch(Entry entry) {
        if (entries.get(entry.id) == entry) {
            entries.remove(entry.id);
            entries.put(entry.id, entry);
        }
    }

    /** Removes an entry if it is still in the index; returns whether it was. */
    synchronized boolean remove(Entry entry) {
        return entries.remove(entry.id, entry);
    }

    /** Removes and returns every entry of a volume. */
    synchronized List<Entry> removeVolume(String volume) {
        List<Entry> removed = new ArrayList<>();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
            Entry entry = it.next();
            if (entry.id.volume().equals(volume)) {
                removed.add(entry);
                it.remove();
            }
        }
        return removed;
    }

    /** Up to {@code max} closed entries, least recently used first. */
    synchronized List<Entry> oldestClosed(int max) {
        List<Entry> victims = new ArrayList<>(max);
        for (Entry entry : entries.values()) {
            if (victims.size() == max) {
                break;
            }
            if (!entry.open) {
                victims.add(entry);
            }
        }
        return victims;
    }

    synchronized int size() {
        return entries.size();
    }
}
