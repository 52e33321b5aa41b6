package io.fscache.afs.rx;

import java.io.IOException;

/**
 * The peer aborted a call with {@link #code()}: an RPC's error (a UAE errno, a volume code such as
 * VBUSY 110, {@code RXGEN_OPCODE} -455) or one of Rx's own (-1 call dead, -3 timeout, -5 protocol
 * error). The client maps the codes it knows to {@code java.nio} exceptions.
 */
public final class RxAbortException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int code;

    public RxAbortException(String message, int code) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
