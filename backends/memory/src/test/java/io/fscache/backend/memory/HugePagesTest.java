package io.fscache.backend.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HugePagesTest {

    private static final Path THP = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    @Test
    void slabMemoryStartsOnA2MiBBoundaryAndIsZero() {
        ByteBuffer chunk = HugePages.allocate(SlabPool.CHUNK);
        assertEquals(SlabPool.CHUNK, chunk.capacity());
        assertEquals(0, address(chunk) % HugePages.SIZE);
        for (int i = 0; i < chunk.capacity(); i += 4096) {
            assertEquals(0, chunk.get(i), "byte " + i);
        }
    }

    // What the warm path's speed rests on: filled slabs sit on huge pages wherever Linux grants them on request.
    @Test
    void filledSlabMemoryIsOnHugePages() throws IOException {
        // Debian's default is madvise; a machine with THP off would lose the warm path's speed, so fail, not skip.
        assertTrue(Files.isReadable(THP) && !Files.readString(THP).contains("[never]"),
                "transparent huge pages are off on this machine (" + THP + "): the memory cache runs on 4 KiB pages");
        ByteBuffer chunk = HugePages.allocate(SlabPool.CHUNK);
        for (int i = 0; i < chunk.capacity(); i += 4096) {
            chunk.put(i, (byte) 1);
        }
        long kib = anonHugePagesKib(address(chunk));
        assertTrue(kib >= SlabPool.CHUNK / 2 / 1024, "only " + kib + " KiB of the chunk's mapping is on huge pages");
    }

    private static long address(ByteBuffer buffer) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }

    /** AnonHugePages of the mapping that holds {@code address}, from /proc/self/smaps. */
    private static long anonHugePagesKib(long address) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
        boolean inside = false;
        for (String line : lines) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                inside = Long.parseUnsignedLong(range[0], 16) <= address && address < Long.parseUnsignedLong(range[1], 16);
            } else if (inside && line.startsWith("AnonHugePages:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new AssertionError("no mapping holds " + Long.toHexString(address));
    }
}
