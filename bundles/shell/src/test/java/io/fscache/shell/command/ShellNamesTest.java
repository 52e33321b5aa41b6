package io.fscache.shell.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fscache.netfs.FileNames;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShellNamesTest {

    // Broke: names that are not UTF-8 reached the console as '?', so a listed name could not be typed
    // back, and "caf\xe9" looked like a real "caf?".
    @Test
    void bytesThatAreNotUtf8AreShownAsEscapesAndTypedBack() {
        String latin1 = FileNames.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9});
        assertEquals("caf\\xe9", ShellNames.display(latin1));
        assertEquals(latin1, ShellNames.parse("caf\\xe9"));
        assertEquals("\\xff", ShellNames.display(FileNames.decode(new byte[] {(byte) 0xFF})));
        assertEquals("caf\uFFFD", ShellNames.display("caf\uFFFD"), "a real U+FFFD is shown as itself");
        assertEquals("caf\uFFFD", ShellNames.parse("caf\uFFFD"));
    }

    @Test
    void backslashesAndControlCharactersAreEscapedSoEveryNameTypesBack() {
        assertEquals("a\\\\xe9", ShellNames.display("a\\xe9"), "a real backslash is doubled");
        assertEquals("a\\xe9", ShellNames.parse("a\\\\xe9"));
        assertEquals("line\\x0abreak", ShellNames.display("line\nbreak"));
        assertEquals("line\nbreak", ShellNames.parse("line\\x0abreak"));
        assertEquals("caf\u00E9", ShellNames.parse("caf\\xc3\\xa9"), "escapes that spell UTF-8 spell its character");
        assertEquals("a\\b", ShellNames.parse("a\\b"), "any other backslash is taken as it is");
        assertEquals("/plain/path.txt", ShellNames.parse(ShellNames.display("/plain/path.txt")));
    }

    @Test
    void everyServerNameRoundTripsThroughTheConsole() {
        Random random = new Random(12);
        for (int i = 0; i < 20_000; i++) {
            byte[] raw = new byte[1 + random.nextInt(12)];
            random.nextBytes(raw);
            String name = FileNames.decode(raw);
            assertArrayEquals(raw, FileNames.encode(ShellNames.parse(ShellNames.display(name))), name);
        }
    }
}
