package io.fscache.netfs;

import java.io.IOException;

/**
 * A server refused a write because it was too large; the engine retries in pieces of at most
 * {@link #maxLength()} bytes.
 */
public class WriteTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int maxLength;

    public WriteTooLargeException(String message, int maxLength) {
        super(message);
        if (maxLength <= 0) {
            throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /** The largest write the server will accept now. */
    public int maxLength() {
        return maxLength;
    }
}
