package io.fscache.shell.command;

import java.io.PrintStream;

/**
 * A one-line progress bar for long copies, redrawn at most four times a second, only once a copy
 * has run for more than half a second (short copies print nothing but the summary).
 */
final class Progress {

    private static final long REDRAW_NANOS = 250_000_000L;
    private static final long QUIET_NANOS = 500_000_000L;

    private final PrintStream out;
    private final String what;
    private final long total;
    private final long started = System.nanoTime();
    private long lastDrawn;
    private long done;
    private boolean drawn;

    Progress(PrintStream out, String what, long total) {
        this.out = out;
        this.what = what;
        this.total = total;
    }

    void advance(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (now - started > QUIET_NANOS && now - lastDrawn > REDRAW_NANOS) {
            lastDrawn = now;
            drawn = true;
            out.print("\r" + line(now));
            out.flush();
        }
    }

    /** The bytes copied so far. */
    long done() {
        return done;
    }

    /** The bytes to copy. */
    long total() {
        return total;
    }

    /** Ends a drawn bar's line, so that a failure message starts on a line of its own. */
    void abandon() {
        if (drawn) {
            out.print(System.lineSeparator());
            out.flush();
        }
    }

    /** Prints the summary line. */
    void finish() {
        long now = System.nanoTime();
        out.print((drawn ? "\r" : "") + line(now) + System.lineSeparator());
        out.flush();
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
