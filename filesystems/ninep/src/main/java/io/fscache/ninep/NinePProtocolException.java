package io.fscache.ninep;

import java.io.IOException;

/** The server broke the protocol; the connection is closed and every call in flight fails with this. */
final class NinePProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    NinePProtocolException(String message) {
        super(message);
    }
}
