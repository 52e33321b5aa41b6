package io.fscache.afs.rx;

import java.net.InetSocketAddress;

/**
 * Where a call's packets go and what their headers carry: the peer, the connection's epoch and id
 * (channel included), the call number and the service; {@code client} when we made the call, so
 * that every packet we send on it carries {@code CLIENT_INITIATED}.
 */
record RxCallId(InetSocketAddress peer, int epoch, int cid, int callNumber, int serviceId, boolean client) {

    int flags(int flags) {
        return client ? flags | RxPacket.CLIENT_INITIATED : flags;
    }

    @Override
    public String toString() {
        return "call " + Integer.toUnsignedString(callNumber) + " on " + Integer.toHexString(cid) + " with " + peer;
    }
}
