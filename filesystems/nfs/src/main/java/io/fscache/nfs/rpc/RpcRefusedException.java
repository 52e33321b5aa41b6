package io.fscache.nfs.rpc;

import java.io.IOException;

/**
 * The server answered a call, but refused it at the RPC layer (RFC 5531 §9: {@code PROG_UNAVAIL},
 * {@code PROG_MISMATCH}, {@code PROC_UNAVAIL}, {@code GARBAGE_ARGS}, {@code SYSTEM_ERR},
 * {@code RPC_MISMATCH}, {@code AUTH_ERROR}). The connection stays usable.
 */
public final class RpcRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    public RpcRefusedException(String message) {
        super(message);
    }
}
