package io.fscache.smb;

import java.io.IOException;

/** The connection or session to the server went away; the next call reconnects. */
final class SmbConnectionLostException extends IOException {

    private static final long serialVersionUID = 1L;

    SmbConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
