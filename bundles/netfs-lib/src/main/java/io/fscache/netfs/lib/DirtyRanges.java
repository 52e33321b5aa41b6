package io.fscache.netfs.lib;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Write-back data not yet on the server: non-overlapping extents by file position. Overlapping
 * writes merge into one extent (so the newest bytes win); adjacent ones stay separate and are
 * coalesced only when flushed, so a stream of small appends is never copied again and again.
 * Thread-safe.
 */
final class DirtyRanges {

    /** A run of contiguous extents, copied into one buffer for upload. */
    record Run(long position, ByteBuffer data, List<Map.Entry<Long, byte[]>> extents) {
    }

    private final TreeMap<Long, byte[]> extents = new TreeMap<>();
    private long bytes;

    /** Records the bytes of {@code src} (position to limit) as written at {@code position}. */
    synchronized void put(long position, ByteBuffer src) {
        long start = position;
        long end = position + src.remaining();
        Map.Entry<Long, byte[]> before = extents.floorEntry(position);
        if (before != null && before.getKey() + before.getValue().length > position) {
            start = before.getKey();
        }
        // Copies: TreeMap reuses its entry objects as entries are removed.
        List<Map.Entry<Long, byte[]>> overlapping = extents.subMap(start, true, end, false).entrySet().stream()
                .map(extent -> Map.entry(extent.getKey(), extent.getValue())).toList();
        for (Map.Entry<Long, byte[]> extent : overlapping) {
            end = Math.max(end, extent.getKey() + extent.getValue().length);
        }
        byte[] merged = new byte[Math.toIntExact(end - start)];
        for (Map.Entry<Long, byte[]> extent : overlapping) {
            extents.remove(extent.getKey());
            bytes -= extent.getValue().length;
            System.arraycopy(extent.getValue(), 0, merged, (int) (extent.getKey() - start), extent.getValue().length);
        }
        src.get(src.position(), merged, (int) (position - start), src.remaining());
        src.position(src.limit());
        extents.put(start, merged);
        bytes += merged.length;
    }

    /** Copies dirty bytes over {@code dst}, which holds the file's bytes from {@code position} on. */
    synchronized void overlay(long position, ByteBuffer dst) {
        if (extents.isEmpty()) {
            return; // every warm read of a file nobody writes: no views, no garbage
        }
        long end = position + dst.remaining();
        Map.Entry<Long, byte[]> first = extents.floorEntry(position);
        long from = first != null ? first.getKey() : position;
        for (Map.Entry<Long, byte[]> extent : extents.subMap(from, true, end, false).entrySet()) {
            long extentStart = extent.getKey();
            byte[] data = extent.getValue();
            long copyStart = Math.max(position, extentStart);
            long copyEnd = Math.min(end, extentStart + data.length);
            if (copyStart < copyEnd) {
                dst.put(dst.position() + (int) (copyStart - position), data, (int) (copyStart - extentStart),
                        (int) (copyEnd - copyStart));
            }
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized boolean isEmpty() {
        return extents.isEmpty();
    }

    /** One past the last dirty byte, or 0 when nothing is dirty. */
    synchronized long end() {
        Map.Entry<Long, byte[]> last = extents.lastEntry();
        return last == null ? 0 : last.getKey() + last.getValue().length;
    }

    /**
     * The dirty data as runs of contiguous extents, each in one buffer of at most {@code maxRun}
     * bytes (or one extent, if that is larger): small appends are gathered into one, and an extent
     * alone is not copied at all.
     */
    synchronized List<Run> runs(int maxRun) {
        List<Run> runs = new ArrayList<>();
        List<Map.Entry<Long, byte[]>> group = new ArrayList<>();
        long groupStart = 0;
        long groupEnd = 0;
        for (Map.Entry<Long, byte[]> extent : extents.entrySet()) {
            long start = extent.getKey();
            long end = start + extent.getValue().length;
            if (!group.isEmpty() && (start != groupEnd || end - groupStart > maxRun)) {
                runs.add(run(groupStart, groupEnd, group));
                group = new ArrayList<>();
            }
            if (group.isEmpty()) {
                groupStart = start;
            }
            group.add(Map.entry(start, extent.getValue()));
            groupEnd = end;
        }
        if (!group.isEmpty()) {
            runs.add(run(groupStart, groupEnd, group));
        }
        return runs;
    }

    /** Forgets the extents of a run now on the server, unless a later write replaced them. */
    synchronized void flushed(Run run) {
        for (Map.Entry<Long, byte[]> extent : run.extents()) {
            if (extents.remove(extent.getKey(), extent.getValue())) {
                bytes -= extent.getValue().length;
            }
        }
    }

    /** Drops dirty bytes at or beyond {@code size}. */
    synchronized void truncate(long size) {
        Map.Entry<Long, byte[]> straddling = extents.lowerEntry(size);
        List<Long> beyond = new ArrayList<>(extents.tailMap(size, true).keySet());
        for (Long start : beyond) {
            bytes -= extents.remove(start).length;
        }
        if (straddling != null && straddling.getKey() + straddling.getValue().length > size) {
            byte[] kept = Arrays.copyOf(straddling.getValue(), (int) (size - straddling.getKey()));
            extents.put(straddling.getKey(), kept);
            bytes -= straddling.getValue().length - kept.length;
        }
    }

    synchronized void clear() {
        extents.clear();
        bytes = 0;
    }

    /** A run of one extent is a view of its array (an extent's array is never written after it is put); of several, a copy. */
    private static Run run(long start, long end, List<Map.Entry<Long, byte[]>> group) {
        if (group.size() == 1) {
            return new Run(start, ByteBuffer.wrap(group.get(0).getValue()), List.copyOf(group));
        }
        ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(end - start));
        for (Map.Entry<Long, byte[]> extent : group) {
            data.put(extent.getValue());
        }
        return new Run(start, data.flip(), List.copyOf(group));
    }
}
