package io.fscache.netfs.lib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DirtyRangesTest {

    /**
     * Also the regression test for merging overlapping extents: TreeMap reuses its entry objects as
     * entries are removed, so merging from live entries once copied the wrong extents.
     */
    @Test
    void randomWritesOverlayLikeAFile() {
        DirtyRanges dirty = new DirtyRanges();
        byte[] file = new byte[10_000];
        boolean[] written = new boolean[file.length];
        Random random = new Random(1);
        for (int i = 0; i < 500; i++) {
            int at = random.nextInt(9_000);
            byte[] data = TestFiles.random(1 + random.nextInt(900), i);
            dirty.put(at, ByteBuffer.wrap(data));
            System.arraycopy(data, 0, file, at, data.length);
            Arrays.fill(written, at, at + data.length, true);
        }
        ByteBuffer view = ByteBuffer.allocate(file.length);
        dirty.overlay(0, view);
        assertArrayEquals(file, view.array());
        long count = 0;
        for (boolean b : written) {
            count += b ? 1 : 0;
        }
        assertEquals(count, dirty.bytes());

        ByteBuffer middle = ByteBuffer.allocate(3000);
        dirty.overlay(2500, middle);
        assertArrayEquals(Arrays.copyOfRange(file, 2500, 5500), middle.array());
    }

    @Test
    void adjacentWritesStaySeparateAndFlushAsOneRun() {
        DirtyRanges dirty = new DirtyRanges();
        for (int i = 0; i < 10; i++) {
            dirty.put(i * 100L, ByteBuffer.wrap(TestFiles.random(100, i)));
        }
        dirty.put(5000, ByteBuffer.wrap(new byte[10]));
        List<DirtyRanges.Run> runs = dirty.runs(1 << 20);
        assertEquals(2, runs.size());
        assertEquals(0, runs.get(0).position());
        assertEquals(1000, runs.get(0).data().remaining());
        assertEquals(10, runs.get(0).extents().size());
        assertEquals(2, dirty.runs(500).size() - 1, "runs are cut at the size asked for");

        dirty.put(50, ByteBuffer.wrap(new byte[10]));
        dirty.flushed(runs.get(0));
        assertEquals(110, dirty.bytes(), "an extent rewritten during the flush stays dirty");
        dirty.flushed(runs.get(1));
        assertEquals(100, dirty.bytes());
    }

    @Test
    void truncateCutsTheStraddlingExtent() {
        DirtyRanges dirty = new DirtyRanges();
        dirty.put(100, ByteBuffer.wrap(new byte[100]));
        dirty.put(500, ByteBuffer.wrap(new byte[100]));
        dirty.truncate(150);
        assertEquals(50, dirty.bytes());
        assertEquals(150, dirty.end());
        dirty.clear();
        assertTrue(dirty.isEmpty());
        assertEquals(0, dirty.end());
    }
}
