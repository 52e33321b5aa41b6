package io.fscache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest(name = "\"{0}\" = {1}")
    @CsvSource({"0, 0", "4096, 4096", "4k, 4096", "256m, 268435456", "' 2G ', 2147483648", "1t, 1099511627776",
        "8388607t, 9223370937343148032"})
    void bytesWithBinarySuffixes(String text, long bytes) {
        assertEquals(bytes, ByteSize.parse(text, "size"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "m", "-1", "1.5m", "12x", "lots", "8388608t", "999999999999g", "9223372036854775808"})
    void anythingElseIsRefusedNamingTheOptionAndValue(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text, "readahead"));
        assertEquals("readahead must be a number of bytes with an optional k, m, g or t suffix, not \"" + text + "\"",
                e.getMessage());
    }
}
