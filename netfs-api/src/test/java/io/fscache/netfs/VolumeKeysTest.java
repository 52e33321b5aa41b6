package io.fscache.netfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VolumeKeysTest {

    @Test
    void aKeyIsSchemeServerAndExport() {
        assertEquals("9p,127.0.0.1:564,%2Fsrv%2Fdata", VolumeKeys.of("9p", "127.0.0.1:564", "/srv/data"));
        assertEquals("smb,fileserver,share", VolumeKeys.of("SMB", "FileServer", "share"));
    }

    @Test
    void commasSpacesAndBytesOutsideAsciiAreEncoded() {
        // SMB's keys were neither encoded nor capped: a share "a,b" gave a key with three commas.
        assertEquals("smb,host,a%2Cb%20c%25", VolumeKeys.of("smb", "host", "a,b c%"));
        assertEquals("smb,host,caf%C3%A9", VolumeKeys.of("smb", "host", "café"));
        // A byte that is not UTF-8 (0xE9 alone) keeps its byte.
        assertEquals("9p,h:1,%2Fcaf%E9", VolumeKeys.of("9p", "h:1", "/caf" + (char) (0xDC00 + 0xE9)));
    }

    @Test
    void aLongKeyIsCappedAndStillDistinct() {
        String a = VolumeKeys.of("smb", "host", "x".repeat(300) + "a");
        String b = VolumeKeys.of("smb", "host", "x".repeat(300) + "b");
        assertEquals(VolumeKeys.MAX_LENGTH, a.length());
        assertEquals(VolumeKeys.MAX_LENGTH, b.length());
        assertNotEquals(a, b);
        assertTrue(a.startsWith("smb,host,xxx"));
        assertEquals(VolumeKeys.MAX_LENGTH, VolumeKeys.of("smb", "host", "x".repeat(VolumeKeys.MAX_LENGTH - 9)).length());
    }
}
