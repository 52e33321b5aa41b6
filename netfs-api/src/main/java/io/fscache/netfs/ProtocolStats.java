package io.fscache.netfs;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one session of a network filesystem sent and received, counted since it was opened: one
 * shape for every protocol, shown per mount by {@code netfs:stats} and the {@code NetfsMounts} MBean.
 *
 * @param rpcs requests sent, by kind, sorted by kind: the protocol's own names (9P's {@code Tread},
 *        {@code Twalk}, ...; SMB's {@code READ}, {@code WRITE}, and {@code metadata} for each metadata
 *        call, which smbj sends as a few requests); never {@code null}
 * @param readBytes file data bytes the server returned in read replies
 * @param writtenBytes file data bytes the server acknowledged in write replies
 * @param inFlight requests sent and not yet answered, at the moment of the snapshot
 * @param peakInFlight the most requests that were awaiting their answers at once
 * @param reconnects times the session connected again after losing its connection
 * @param errors requests that failed: refused by the server, timed out, or lost with the connection; an
 *        answer that a name does not exist is an answer, not an error
 * @since 1.3
 */
public record ProtocolStats(Map<String, Long> rpcs, long readBytes, long writtenBytes, long inFlight,
        long peakInFlight, long reconnects, long errors) {

    /** The statistics of a session that counts nothing. */
    public static final ProtocolStats NONE = new ProtocolStats(Map.of(), 0, 0, 0, 0, 0, 0);

    public ProtocolStats {
        rpcs = Map.copyOf(rpcs);
    }

    /** The requests of every kind. */
    public long totalRpcs() {
        return rpcs.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The requests of one kind; 0 if none was sent. */
    public long rpcs(String kind) {
        return rpcs.getOrDefault(kind, 0L);
    }

    /** The kinds in their natural order, with counts: {@code Tread=3, Twalk=5}. */
    public String rpcsText() {
        return new TreeMap<>(rpcs).toString().replaceAll("[{}]", "");
    }
}
