package io.fscache.afs.rx;

import java.io.IOException;

/**
 * A peer broke Rx or the XDR of a call's reply (a packet shorter than its header, an ACK that
 * acknowledges packets never sent, a reply longer than the call allows): the call fails with this
 * and is aborted towards the peer.
 */
public final class RxProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public RxProtocolException(String message) {
        super(message);
    }
}
