package io.fscache.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Meaning column of netfs:options, wrapped at words. */
class OptionsCommandTest {

    // Broke as (a fresh user's try): Karaf's column wrap printed "by default 8m, o" / "what the
    // protocol suggests", "serves the path" / "under it": a character lost at every cut.
    @Test
    void aLongMeaningIsWrappedAtWordsWithNothingLost() {
        String help = "the largest readahead window; 0 turns readahead off; by default 8m, or what the protocol"
                + " suggests (NFS: one READ, its rsize)";
        List<String> lines = OptionsCommand.wrap(help, 70);
        assertEquals(List.of("the largest readahead window; 0 turns readahead off; by default 8m, or",
                "what the protocol suggests (NFS: one READ, its rsize)"), lines);
        assertEquals(help, String.join(" ", lines));
    }

    @Test
    void aShortMeaningIsOneLineAndAWordLongerThanTheWidthStandsAlone() {
        assertEquals(List.of("calls in flight"), OptionsCommand.wrap("calls in flight", 70));
        List<String> lines = OptionsCommand.wrap("a " + "x".repeat(80) + " b", 70);
        assertEquals(List.of("a", "x".repeat(80), "b"), lines);
        assertTrue(lines.stream().allMatch(line -> !line.isEmpty()));
    }
}
