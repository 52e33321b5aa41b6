package io.fscache.nfs.rpc;

import java.io.IOException;

/**
 * The server answered a call, but refused it at the RPC layer (RFC 5531 §9: {@code PROG_UNAVAIL},
 * {@code PROG_MISMATCH}, {@code PROC_UNAVAIL}, {@code GARBAGE_ARGS}, {@code SYSTEM_ERR},
 * {@code RPC_MISMATCH}, {@code AUTH_ERROR}). The connection stays usable.
 */
public final class RpcRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final boolean programUnavailable;

    public RpcRefusedException(String message) {
        this(message, false);
    }

    /** @param programUnavailable the server serves no version of the program ({@code PROG_UNAVAIL}) */
    public RpcRefusedException(String message, boolean programUnavailable) {
        super(message);
        this.programUnavailable = programUnavailable;
    }

    /**
     * Whether the server serves no version of the called program ({@code PROG_UNAVAIL}): most likely
     * another service's port, where advice about versions would mislead.
     */
    public boolean programUnavailable() {
        return programUnavailable;
    }

    /** This refusal, its message after {@code prefix} (the peer's name). */
    public RpcRefusedException prefixed(String prefix) {
        return new RpcRefusedException(prefix + getMessage(), programUnavailable);
    }
}
