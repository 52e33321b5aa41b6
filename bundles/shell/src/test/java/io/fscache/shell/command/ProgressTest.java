package io.fscache.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress bar's redraws, on a clock the test moves. */
class ProgressTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MIB = 1 << 20;

    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(terminal, false, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong();

    // A redraw shorter than the one before kept the old tail on screen: "242.9 MiB/s/s".
    @Test
    void aShorterRedrawBlanksTheRestOfTheLine() {
        Progress progress = new Progress(out, "get data:/big", -1, now::get);
        now.set(SECOND);
        progress.advance(100 * MIB);
        String first = "get data:/big 100.0 MiB 100.0 MiB/s";
        now.set(100 * SECOND);
        progress.advance(MIB);
        String second = "get data:/big 101.0 MiB 1.0 MiB/s";
        assertEquals(first + "\r" + second + "  ", shown());
        progress.finish();
        assertEquals(first + "\r" + second + "  \r" + second + System.lineSeparator(), shown());
    }

    // The failure message was glued to the bar: the bar's line ends first.
    @Test
    void anAbandonedBarEndsItsLine() {
        Progress progress = new Progress(out, "put /tmp/x", 10 * MIB, now::get);
        now.set(SECOND);
        progress.advance(MIB);
        progress.abandon();
        assertEquals("put /tmp/x [###                           ]  10% 1.0 MiB of 10.0 MiB 1.0 MiB/s" + System.lineSeparator(),
                shown());
    }

    @Test
    void aShortCopyPrintsOnlyItsSummary() {
        Progress progress = new Progress(out, "get data:/small", 4096, now::get);
        progress.advance(4096);
        now.set(SECOND / 4);
        progress.finish();
        assertEquals("get data:/small [##############################] 100% 4.0 KiB of 4.0 KiB 16.0 KiB/s" + System.lineSeparator(),
                shown());
    }

    private String shown() {
        out.flush();
        return terminal.toString(StandardCharsets.UTF_8);
    }
}
