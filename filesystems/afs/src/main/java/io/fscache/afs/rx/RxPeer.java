package io.fscache.afs.rx;

/**
 * What the endpoint knows of one peer address, shared by all calls to it: the round-trip estimate,
 * its receive window and the largest packet it takes, both from the trailer of its ACKs. Confined
 * to the endpoint's event loop.
 */
final class RxPeer {

    /** Payload of a packet before the peer says what it takes: a 1444-byte Ethernet packet's ({@code RXRPC_JUMBO_DATALEN}). */
    static final int INITIAL_PAYLOAD = 1412;
    /** OpenAFS's initial send window, in packets ({@code rx_initSendWindow}). */
    static final int INITIAL_WINDOW = 16;

    final RxRtt rtt = new RxRtt();
    int window = INITIAL_WINDOW;
    int payload = INITIAL_PAYLOAD;

    /** Takes the window and packet size from an ACK's trailer, when it has one. */
    void learn(RxAck ack) {
        if (ack.rwind() > 0) {
            window = Math.min(RxAck.MAX_ACKS, ack.rwind());
        }
        if (ack.rxMtu() > RxPacket.HEADER_SIZE) {
            payload = Math.max(INITIAL_PAYLOAD, Math.min(RxEndpoint.RECEIVE_MTU, ack.rxMtu()) - RxPacket.HEADER_SIZE);
        }
    }
}
