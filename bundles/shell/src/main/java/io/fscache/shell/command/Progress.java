package io.fscache.shell.command;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar for long copies, redrawn at most four times a second, only once a copy
 * has run for more than half a second (short copies print nothing but the summary).
 *
 * <p>It writes to the session's console and flushes each redraw: a command's {@code System.out}
 * in Karaf goes through the shell's pipe, which never flushes the terminal, so a bar drawn there
 * showed only once the command ended. A redraw shorter than the one before blanks the rest of the
 * line, which would otherwise keep the old tail ({@code 242.9 MiB/s/s}).
 *
 * <p>Thread-safe: several copies may advance one bar.
 */
final class Progress {

    private static final long REDRAW_NANOS = 250_000_000L;
    private static final long QUIET_NANOS = 500_000_000L;

    private final PrintStream out;
    private final String what;
    private final long total;
    private final LongSupplier clock;
    private final long started;
    private long lastDrawn;
    private long done;
    private int drawnLength = -1;

    /**
     * @param out the console: a terminal that shows a line as it is drawn
     * @param what the operation and its source, which the bar begins with
     * @param total the bytes to copy, or a negative number if unknown
     */
    Progress(PrintStream out, String what, long total) {
        this(out, what, total, System::nanoTime);
    }

    Progress(PrintStream out, String what, long total, LongSupplier clock) {
        this.out = out;
        this.what = what;
        this.total = total;
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    synchronized void advance(long bytes) {
        done += bytes;
        long now = clock.getAsLong();
        if (now - started > QUIET_NANOS && now - lastDrawn > REDRAW_NANOS) {
            lastDrawn = now;
            draw(line(now), "");
        }
    }

    /** The bytes copied so far. */
    synchronized long done() {
        return done;
    }

    /** The bytes to copy. */
    long total() {
        return total;
    }

    /** Ends a drawn bar's line, so that a failure message starts on a line of its own. */
    synchronized void abandon() {
        if (drawnLength >= 0) {
            out.print(System.lineSeparator());
            out.flush();
            drawnLength = -1;
        }
    }

    /** Prints the summary line. */
    synchronized void finish() {
        draw(line(clock.getAsLong()), System.lineSeparator());
        drawnLength = -1;
    }

    private void draw(String line, String end) {
        String blank = " ".repeat(Math.max(0, drawnLength - line.length()));
        out.print((drawnLength >= 0 ? "\r" : "") + line + blank + end);
        out.flush();
        drawnLength = line.length();
    }

    private String line(long now) {
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        String rate = Sizes.human((long) (done / seconds)) + "/s";
        if (total <= 0) {
            return String.format("%s %s %s", what, Sizes.human(done), rate);
        }
        int width = 30;
        int filled = (int) Math.min(width, width * done / total);
        return String.format("%s [%s%s] %3d%% %s of %s %s", what, "#".repeat(filled), " ".repeat(width - filled),
                Math.min(100, 100 * done / total), Sizes.human(done), Sizes.human(total), rate);
    }
}
