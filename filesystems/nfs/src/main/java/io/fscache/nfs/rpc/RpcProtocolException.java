package io.fscache.nfs.rpc;

import java.io.IOException;

/**
 * The server broke ONC RPC or XDR (a record beyond the limit, a reply to no call, a body shorter
 * than it claims): the connection is closed and every call in flight fails with this.
 */
public final class RpcProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public RpcProtocolException(String message) {
        super(message);
    }
}
