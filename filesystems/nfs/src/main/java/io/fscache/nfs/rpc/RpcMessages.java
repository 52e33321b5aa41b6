package io.fscache.nfs.rpc;

import io.netty.buffer.ByteBuf;

/**
 * ONC RPC message headers (RFC 5531 §9): the call header a request begins with, and the reply
 * header checked before its result is parsed. Stateless.
 */
public final class RpcMessages {

    static final int CALL = 0;
    static final int REPLY = 1;
    static final int RPC_VERSION = 2;
    static final int MSG_ACCEPTED = 0;
    static final int MSG_DENIED = 1;
    static final int SUCCESS = 0;
    static final int PROG_UNAVAIL = 1;
    static final int PROG_MISMATCH = 2;
    static final int PROC_UNAVAIL = 3;
    static final int GARBAGE_ARGS = 4;
    static final int SYSTEM_ERR = 5;
    static final int RPC_MISMATCH = 0;
    static final int AUTH_ERROR = 1;
    /** The largest verifier or credential body (RFC 5531 §8.2). */
    static final int MAX_AUTH = 400;

    private RpcMessages() {
    }

    /** Writes a call header with AUTH_SYS credentials and an AUTH_NONE verifier. */
    static void writeCall(ByteBuf out, int xid, Program program, int procedure, AuthSys auth) {
        out.writeInt(xid);
        out.writeInt(CALL);
        out.writeInt(RPC_VERSION);
        out.writeInt(program.number());
        out.writeInt(program.version());
        out.writeInt(procedure);
        auth.encode(out);
        out.writeInt(0); // AUTH_NONE
        out.writeInt(0);
    }

    /**
     * Reads a reply's header after its XID, leaving {@code in} at the procedure's result.
     *
     * @param call names the call in errors ({@code "NFSv3 READ"})
     * @throws RpcRefusedException if the server refused the call at the RPC layer
     * @throws RpcProtocolException if the header is malformed
     */
    public static void readReply(ByteBuf in, String call) throws RpcRefusedException, RpcProtocolException {
        int type = Xdr.int32(in, "message type");
        if (type != REPLY) {
            throw new RpcProtocolException("a message of type " + type + " where a reply to " + call + " was due");
        }
        int stat = Xdr.int32(in, "reply status");
        if (stat == MSG_DENIED) {
            int reject = Xdr.int32(in, "reject status");
            if (reject == RPC_MISMATCH) {
                throw new RpcRefusedException("refused " + call + ": RPC version 2 is not among versions "
                        + Xdr.uint32(in, "low version") + ".." + Xdr.uint32(in, "high version"));
            }
            if (reject == AUTH_ERROR) {
                throw new RpcRefusedException("refused the AUTH_SYS credentials of " + call + " (auth_stat "
                        + Xdr.uint32(in, "auth status") + ")");
            }
            throw new RpcProtocolException("reject status " + Integer.toUnsignedString(reject) + " to " + call);
        }
        if (stat != MSG_ACCEPTED) {
            throw new RpcProtocolException("reply status " + Integer.toUnsignedString(stat) + " to " + call);
        }
        Xdr.int32(in, "verifier flavor");
        Xdr.skipOpaque(in, MAX_AUTH, "verifier");
        int accept = Xdr.int32(in, "accept status");
        switch (accept) {
            case SUCCESS -> {
                return;
            }
            case PROG_UNAVAIL -> throw new RpcRefusedException("does not serve " + call
                    + ": it serves no version of that RPC program (is it another service's port?)", true);
            case PROG_MISMATCH -> throw new RpcRefusedException("does not serve the version of " + call
                    + " (it serves versions " + Xdr.uint32(in, "low version") + ".." + Xdr.uint32(in, "high version") + ")");
            case PROC_UNAVAIL -> throw new RpcRefusedException("does not serve the procedure " + call);
            case GARBAGE_ARGS -> throw new RpcRefusedException("could not decode the arguments of " + call);
            case SYSTEM_ERR -> throw new RpcRefusedException("failed " + call + " with a system error");
            default -> throw new RpcProtocolException("accept status " + Integer.toUnsignedString(accept) + " to " + call);
        }
    }
}
