package io.fscache.afs.rx;

import java.net.InetSocketAddress;

/**
 * A client connection to one service of one peer: a connection id (whose low two bits the four
 * channels take) and each channel's call number, which grows by one per call. A channel carries
 * one call at a time ({@code RX_MAXCALLS} = 4), so more calls in flight need more connections.
 * Confined to the endpoint's event loop.
 */
final class RxConnection {

    static final int CHANNELS = 4;

    final InetSocketAddress peer;
    final int serviceId;
    final int cid;
    private final RxClientCall[] calls = new RxClientCall[CHANNELS];
    private final int[] callNumbers = new int[CHANNELS];

    RxConnection(InetSocketAddress peer, int serviceId, int cid) {
        this.peer = peer;
        this.serviceId = serviceId;
        this.cid = cid;
    }

    /** A free channel, or -1. */
    int freeChannel() {
        for (int i = 0; i < CHANNELS; i++) {
            if (calls[i] == null) {
                return i;
            }
        }
        return -1;
    }

    /** Puts {@code call} on {@code channel} with the channel's next call number, which it returns. */
    int attach(int channel, RxClientCall call) {
        calls[channel] = call;
        return ++callNumbers[channel];
    }

    void detach(int channel, RxClientCall call) {
        if (calls[channel] == call) {
            calls[channel] = null;
        }
    }

    RxClientCall call(int channel) {
        return calls[channel];
    }

    int callNumber(int channel) {
        return callNumbers[channel];
    }

    boolean idle() {
        return freeChannel() == 0 && calls[1] == null && calls[2] == null && calls[3] == null;
    }
}
