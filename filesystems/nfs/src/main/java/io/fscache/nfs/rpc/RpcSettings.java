package io.fscache.nfs.rpc;

import io.fscache.netfs.ProtocolCounters;
import java.time.Duration;

/**
 * How one RPC connection behaves.
 *
 * @param peer how errors name the server, such as {@code "nfs server 127.0.0.1:2049"}
 * @param auth the credentials sent with every call
 * @param maxRecord the largest reply record accepted, in bytes
 * @param maxInFlight calls sent and not yet answered at most; later calls queue
 * @param timeout how long a call waits for its reply
 * @param counters where calls, answers and failures are counted
 */
public record RpcSettings(String peer, AuthSys auth, int maxRecord, int maxInFlight, Duration timeout,
        ProtocolCounters counters) {

    public RpcSettings {
        if (maxRecord <= 0 || maxInFlight <= 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("bad RPC settings: record " + maxRecord + ", in flight " + maxInFlight
                    + ", timeout " + timeout);
        }
    }
}
