/**
 * Rx, AFS's RPC protocol over UDP (Zayas, <i>Specification for the Rx RPC Facility</i>; OpenAFS
 * {@code src/rx}; Linux {@code net/rxrpc}), on a Netty datagram channel: {@link io.fscache.afs.rx.RxEndpoint}
 * makes calls on connections of four channels and serves calls peers make to it, with ACKs,
 * windows, retransmission on an RTT estimate and rxnull security. Not exported.
 */
package io.fscache.afs.rx;
