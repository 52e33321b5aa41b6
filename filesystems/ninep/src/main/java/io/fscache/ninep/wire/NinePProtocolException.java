package io.fscache.ninep.wire;

import java.io.IOException;

/** The server broke the protocol; the connection is closed and every call in flight fails with this. */
public final class NinePProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public NinePProtocolException(String message) {
        super(message);
    }
}
