package io.fscache.backend.cachefiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No key can name a path outside its directory, and no two keys share a name. */
class ObjectNamesTest {

    private static final Path VOLUME_DIR = Path.of("/cache/cache/Vnfs,server,1");

    @Test
    void printableKeysStayReadable() {
        assertEquals("Dinode_1234-x", ObjectNames.object(bytes("inode_1234-x")).file());
        assertEquals("Vnfs,server.example,fsid=1", ObjectNames.volume("nfs,server.example,fsid=1"));
    }

    @Test
    void otherKeysAreBase64UrlAndLongOnesHashed() {
        assertEquals("EAC8A", ObjectNames.object(new byte[] {0, '/', 0}).file());
        assertEquals("ELi4", ObjectNames.object(bytes("..")).file());
        String longPrintable = "k".repeat(ObjectNames.MAX_NAME);
        String hashed = ObjectNames.object(bytes(longPrintable)).file();
        assertEquals('H', hashed.charAt(0));
        assertEquals(65, hashed.length());
        assertEquals('D', ObjectNames.object(bytes("k".repeat(ObjectNames.MAX_NAME - 1))).file().charAt(0));
    }

    @Test
    void volumeKeysEscapeEverythingThatCouldMoveOrCollide() {
        assertEquals("V%2E.", ObjectNames.volume(".."));
        assertEquals("V%2E", ObjectNames.volume("."));
        assertEquals("Va%2Fb", ObjectNames.volume("a/b"));
        assertEquals("Va%252Fb", ObjectNames.volume("a%2Fb"));
        assertEquals("V%00", ObjectNames.volume("\0"));
        assertEquals("V%C3%A9", ObjectNames.volume("é"));
        assertEquals("Vx..y", ObjectNames.volume("x..y"));
        assertNotEquals(ObjectNames.volume("a/b"), ObjectNames.volume("a%2Fb"));
        String hashed = ObjectNames.volume("v".repeat(ObjectNames.MAX_NAME));
        assertEquals('W', hashed.charAt(0));
        assertEquals(65, hashed.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "..", ".", "\0", "../../etc/passwd", "a/../../b", "/absolute", "%2e%2e", "\\..\\"})
    void hostileVolumeKeysStayInTheCacheDirectory(String volumeKey) {
        Path cache = Path.of("/cache/cache");
        Path resolved = cache.resolve(ObjectNames.volume(volumeKey));
        assertEquals(cache, resolved.getParent());
        assertEquals(resolved, resolved.normalize());
        assertTrue(ObjectNames.volume(volumeKey).chars().allMatch(c -> c > ' ' && c < 0x7F && c != '/' && c != '\\'));
    }

    @Test
    void hostileObjectKeysStayInTheirFanoutDirectory() {
        List<byte[]> keys = new ArrayList<>(List.of(bytes("/"), bytes(".."), bytes("."), new byte[] {0},
                new byte[] {'.', '.', '/', '.', '.'}, bytes("/etc/passwd"), bytes("a.meta"),
                new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0x80, (byte) 0xC3}, new byte[] {(byte) 0xC0, (byte) 0xAF}));
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 1000; i++) {
            byte[] key = new byte[i < 500 ? 255 : 1 + random.nextInt(255)];
            random.nextBytes(key);
            keys.add(key);
        }
        Set<String> names = new HashSet<>();
        for (byte[] key : keys) {
            ObjectNames.ObjectName name = ObjectNames.object(key);
            Path fanout = VOLUME_DIR.resolve(name.fanout());
            for (Path file : List.of(fanout.resolve(name.file()), fanout.resolve(name.file() + ObjectNames.META_SUFFIX))) {
                assertEquals(fanout, file.getParent(), "key " + HexFormat.of().formatHex(key));
                assertEquals(file, file.normalize());
                assertTrue(file.getFileName().toString().length() <= ObjectNames.MAX_NAME + ObjectNames.META_SUFFIX.length());
            }
            assertTrue(name.fanout().matches("[0-9a-f]{2}"));
            assertTrue(ObjectNames.isDataName(name.file()), name.file());
            assertTrue(names.add(name.fanout() + "/" + name.file()), "two keys share " + name);
        }
    }

    @Test
    void fanoutSpreadsKeysOver256Directories() {
        Set<String> fanouts = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            fanouts.add(ObjectNames.object(bytes("file-" + i)).fanout());
        }
        assertEquals(256, fanouts.size());
    }

    @Test
    void metadataNamesAreNeverDataNames() {
        assertTrue(ObjectNames.isDataName("Dfile"));
        assertFalse(ObjectNames.isDataName("Dfile.meta"));
        assertFalse(ObjectNames.isDataName("volume"));
        assertFalse(ObjectNames.isDataName("D"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
