package io.fscache.smb;

import java.net.SocketException;

/**
 * The connection or session to the server went away; the next call reconnects. A
 * {@link SocketException}, as the engine tells a server that is not answering by one.
 */
final class SmbConnectionLostException extends SocketException {

    private static final long serialVersionUID = 1L;

    SmbConnectionLostException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
