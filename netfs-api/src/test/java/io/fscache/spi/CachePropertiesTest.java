package io.fscache.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one name rule and one granule rule every backend and the core hold caches to. */
class CachePropertiesTest {

    private static final String GRANULE = "granule must be a power of two from 4k to 1g (4096 to 1073741824 bytes), not ";

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"disk", "m", "ram-2", "a.b_c~"})
    void namesOfPrintableAsciiWithoutSpacesPass(String name) {
        assertEquals(name, CacheProperties.checkName(name));
    }

    @Test
    void otherNamesAreRefusedSayingWhy() {
        assertEquals("cache name must not be empty", refused(() -> CacheProperties.checkName("")));
        assertEquals("cache name must not be empty", refused(() -> CacheProperties.checkName(null)));
        assertEquals("cache name must be printable ASCII without spaces, not \"two words\"",
                refused(() -> CacheProperties.checkName("two words")));
        assertEquals("cache name must be printable ASCII without spaces, not \"caché\"", refused(() -> CacheProperties.checkName("caché")));
    }

    @Test
    void granulesArePowersOfTwoFromAPageToAGibibyte() {
        assertEquals(4096, CacheProperties.checkGranule(4096));
        assertEquals(1 << 30, CacheProperties.checkGranule(1L << 30));
        assertEquals(GRANULE + "2048", refused(() -> CacheProperties.checkGranule(2048)));
        assertEquals(GRANULE + "1000", refused(() -> CacheProperties.checkGranule(1000)));
        assertEquals(GRANULE + "2147483648", refused(() -> CacheProperties.checkGranule(2L << 30)));
    }

    @Test
    void aConfiguredGranuleIsAByteSizeOrANumber() {
        assertEquals(262144, CacheProperties.granule("256k"));
        assertEquals(262144, CacheProperties.granule(262144));
        assertEquals(65536, CacheProperties.granule("65536"));
        assertEquals(GRANULE + "1000", refused(() -> CacheProperties.granule("1000")));
        assertEquals("granule must be a number of bytes with an optional k, m, g or t suffix, not \"big\"",
                refused(() -> CacheProperties.granule("big")));
    }

    @Test
    void anOldKeyInMillisecondsIsPassedOnAsADurationUnderItsNewName() {
        Map<String, Object> checked = CacheProperties.check("pid", Map.of("window.ms", 1500L), Set.of("window"),
                Map.of("window.ms", "window"));
        assertEquals(Map.of("window", "1500ms"), checked);
        assertEquals(Map.of("size", "2m"), CacheProperties.check("pid", Map.of("sizeLimit", "2m"), Set.of("size"),
                Map.of("sizeLimit", "size")));
    }

    private static String refused(Runnable check) {
        return assertThrows(IllegalArgumentException.class, check::run).getMessage();
    }
}
