package io.fscache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"30, 30000", "30s, 30000", " 10s , 10000", "500ms, 500", "500 ms, 500", "2m, 120000", "1h, 3600000",
        "0, 0", "10S, 10000"})
    void readsTheUnitsAndABareNumberAsSeconds(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text, "lru.timeout"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "s", "-1", "1.5s", "10 sec", "ms10", "10d", "9999999999999999"})
    void refusesAnythingElseNamingTheOption(String text) {
        assertEquals("lru.timeout must be a duration such as 10s or 500ms (a bare number is seconds), not \"" + text + "\"",
                assertThrows(IllegalArgumentException.class, () -> Durations.parse(text, "lru.timeout")).getMessage());
    }
}
