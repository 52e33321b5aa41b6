package io.fscache.afs.rx;

import java.util.concurrent.TimeUnit;

/**
 * The round-trip estimate of one peer and the retransmission timeout it gives, as RFC 6298 (and
 * Linux's {@code net/rxrpc/rtt.c}) compute them: smoothed RTT plus four deviations, between 200 ms
 * and 10 s, doubled on each timeout until a new sample arrives. Samples come only from ACKs whose
 * serial names a packet sent once (Karn's rule). Confined to the endpoint's event loop.
 */
final class RxRtt {

    static final long MIN_RTO = TimeUnit.MILLISECONDS.toNanos(200);
    static final long MAX_RTO = TimeUnit.SECONDS.toNanos(10);
    private static final long INITIAL_RTO = TimeUnit.SECONDS.toNanos(1);

    private long srtt = -1;
    private long rttvar;
    private int backoff;

    void sample(long rttNanos) {
        if (rttNanos < 0) {
            return;
        }
        if (srtt < 0) {
            srtt = rttNanos;
            rttvar = rttNanos / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - rttNanos)) / 4;
            srtt = (7 * srtt + rttNanos) / 8;
        }
        backoff = 0;
    }

    /** The retransmission timeout in nanoseconds. */
    long rto() {
        long base = srtt < 0 ? INITIAL_RTO : Math.max(MIN_RTO, srtt + 4 * rttvar);
        return Math.min(MAX_RTO, base << Math.min(backoff, 6));
    }

    /** New packets were ACKed: the peer is alive, timeouts wait as long as the estimate says again. */
    void acked() {
        backoff = 0;
    }

    /** A timeout fired: the next one waits twice as long. */
    void backOff() {
        backoff++;
    }

    /** The smoothed RTT in nanoseconds, or -1 before the first sample. */
    long srtt() {
        return srtt;
    }
}
