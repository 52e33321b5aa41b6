package io.fscache.netfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FileNamesTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    // Issue 12: caf\xe9 and caf\xef\xbf\xbd both listed as caf\uFFFD, and \xff could not be opened.
    @Test
    void theIssueNamesStayDistinctAndRoundTrip() {
        byte[] latin1 = bytes('c', 'a', 'f', 0xE9);
        byte[] replacement = bytes('c', 'a', 'f', 0xEF, 0xBF, 0xBD);
        byte[] ff = bytes(0xFF);
        assertEquals("caf\uDCE9", FileNames.decode(latin1));
        assertEquals("caf\uFFFD", FileNames.decode(replacement));
        assertEquals("\uDCFF", FileNames.decode(ff));
        assertNotEquals(FileNames.decode(latin1), FileNames.decode(replacement));
        assertArrayEquals(latin1, FileNames.encode(FileNames.decode(latin1)));
        assertArrayEquals(replacement, FileNames.encode(FileNames.decode(replacement)));
        assertArrayEquals(ff, FileNames.encode(FileNames.decode(ff)));
    }

    @Test
    void everyOneAndTwoByteNameRoundTrips() {
        for (int a = 0; a < 256; a++) {
            byte[] one = bytes(a);
            assertArrayEquals(one, FileNames.encode(FileNames.decode(one)), () -> "byte " + one[0]);
            for (int b = 0; b < 256; b++) {
                byte[] two = bytes(a, b);
                assertArrayEquals(two, FileNames.encode(FileNames.decode(two)), () -> two[0] + " " + two[1]);
            }
        }
    }

    @Test
    void randomByteNamesRoundTrip() {
        Random random = new Random(12);
        for (int i = 0; i < 200_000; i++) {
            byte[] name = new byte[random.nextInt(40)];
            random.nextBytes(name);
            if (random.nextBoolean()) {
                // Bias towards lead bytes followed by continuation bytes, where the edge cases are.
                for (int k = 0; k < name.length; k++) {
                    name[k] = (byte) (random.nextBoolean() ? 0x80 | random.nextInt(0x40) : 0xC0 | random.nextInt(0x40));
                }
            }
            String decoded = FileNames.decode(name);
            assertArrayEquals(name, FileNames.encode(decoded));
            assertEquals(decoded, FileNames.decode(FileNames.encode(decoded)));
        }
    }

    @Test
    void wellFormedUtf8DecodesAsUtf8WithoutEscapes() {
        Random random = new Random(13);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder name = new StringBuilder();
            for (int k = random.nextInt(20); k > 0; k--) {
                int cp;
                do {
                    cp = random.nextInt(4) == 0 ? random.nextInt(Character.MAX_CODE_POINT + 1) : random.nextInt(0x800);
                } while (Character.getType(cp) == Character.SURROGATE);
                name.appendCodePoint(cp);
            }
            byte[] utf8 = name.toString().getBytes(StandardCharsets.UTF_8);
            assertEquals(name.toString(), FileNames.decode(utf8));
            assertArrayEquals(utf8, FileNames.encode(name.toString()));
        }
    }

    @Test
    void illFormedSequencesEscapeEachByte() {
        assertEquals("\uDCC0\uDC80", FileNames.decode(bytes(0xC0, 0x80)), "overlong NUL");
        assertEquals("\uDCE0\uDC80\uDCAF", FileNames.decode(bytes(0xE0, 0x80, 0xAF)), "overlong '/'");
        assertEquals("\uDCED\uDCA0\uDC80", FileNames.decode(bytes(0xED, 0xA0, 0x80)), "encoded surrogate");
        assertEquals("\uDCF4\uDC90\uDC80\uDC80", FileNames.decode(bytes(0xF4, 0x90, 0x80, 0x80)), "above U+10FFFF");
        assertEquals("\uDCE2\uDC82x", FileNames.decode(bytes(0xE2, 0x82, 'x')), "truncated");
        assertEquals("a\uDCE2\uDC82", FileNames.decode(bytes('a', 0xE2, 0x82)), "truncated at the end");
        assertEquals("\uDCF5\uDC80", FileNames.decode(bytes(0xF5, 0x80)));
        assertEquals("\uDBFF\uDFFF", FileNames.decode(bytes(0xF4, 0x8F, 0xBF, 0xBF)), "U+10FFFF is fine");
        assertEquals("a/b", FileNames.decode("xa/by".getBytes(StandardCharsets.US_ASCII), 1, 3));
    }

    @Test
    void namesNoServerNameDecodesToAreRefused() {
        InvalidPathException high = assertThrows(InvalidPathException.class, () -> FileNames.encode("a\uD800b"));
        assertTrue(high.getMessage().contains("U+D800"), high.getMessage());
        assertEquals(1, high.getIndex());
        assertThrows(IllegalArgumentException.class, () -> FileNames.encode("end\uD83D"));
        assertThrows(IllegalArgumentException.class, () -> FileNames.encode("\uDC41"), "an escaped ASCII byte");
        assertThrows(IllegalArgumentException.class, () -> FileNames.encode("caf\uDCC3\uDCA9"),
                "escapes spelling \u00e9 would reach the file listed as caf\u00e9");
        assertArrayEquals(bytes(0xF0, 0x9F, 0x98, 0x80), FileNames.encode("\uD83D\uDE00"));
    }
}
