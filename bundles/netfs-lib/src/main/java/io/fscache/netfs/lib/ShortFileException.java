package io.fscache.netfs.lib;

import java.io.IOException;

/**
 * The server's file ended before the size the engine believed it had: it was truncated on the
 * server since it was opened. The read that finds this refreshes the file's attributes (which
 * invalidates what was cached of the old file) and is retried at the real size, so no reader ever
 * gets bytes the server does not have.
 */
final class ShortFileException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param end where the server's file ended */
    ShortFileException(long end) {
        super("the file ends at byte " + end + " on the server, before its known size");
    }
}
