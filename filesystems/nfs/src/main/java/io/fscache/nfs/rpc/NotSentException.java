package io.fscache.nfs.rpc;

import java.io.IOException;

/**
 * A call failed because its connection had failed before the call went on the wire (it was made
 * on a connection already lost, or waited in its queue): the server never saw it, so it may be
 * made again on a new connection, whatever the procedure. The message is the connection's failure.
 */
public final class NotSentException extends IOException {

    private static final long serialVersionUID = 1L;

    NotSentException(IOException failure) {
        super(failure.getMessage(), failure);
    }
}
