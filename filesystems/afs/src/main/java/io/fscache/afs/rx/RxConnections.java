package io.fscache.afs.rx;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An endpoint's client connections: by connection id (for incoming packets) and by peer and
 * service (to place calls), at most {@value RxEndpoint#CONNECTIONS_PER_PEER} per peer and service;
 * a call that finds every channel busy waits, in order, for the next channel of its peer and
 * service to free. Connection ids start at a random multiple of four and grow by four. Confined to
 * the endpoint's event loop.
 */
final class RxConnections {

    private record ServiceKey(InetSocketAddress peer, int serviceId) {
    }

    private final Map<Integer, RxConnection> byCid = new HashMap<>();
    private final Map<ServiceKey, List<RxConnection>> byService = new HashMap<>();
    private final ArrayDeque<RxClientCall> waiting = new ArrayDeque<>();
    private final Map<RxClientCall, ServiceKey> waitingFor = new HashMap<>();
    private int nextCid = ThreadLocalRandom.current().nextInt(1 << 30) << 2 & 0x3FFFFFFC;
    private boolean closed;

    /** The connection with id {@code cid} (channel bits clear), or null. */
    RxConnection get(int cid) {
        return byCid.get(cid);
    }

    /** Starts {@code call} on a free channel, on a new connection, or queues it. */
    void start(RxClientCall call, InetSocketAddress peer, int serviceId) {
        ServiceKey key = new ServiceKey(peer, serviceId);
        List<RxConnection> list = byService.computeIfAbsent(key, k -> new ArrayList<>());
        for (RxConnection connection : list) {
            int free = connection.freeChannel();
            if (free >= 0) {
                call.start(connection, free);
                return;
            }
        }
        if (list.size() < RxEndpoint.CONNECTIONS_PER_PEER) {
            RxConnection connection = new RxConnection(peer, serviceId, nextCid);
            nextCid = (nextCid + RxConnection.CHANNELS) & 0x3FFFFFFC;
            byCid.put(connection.cid, connection);
            list.add(connection);
            call.start(connection, 0);
            return;
        }
        waiting.add(call);
        waitingFor.put(call, key);
    }

    /** A call on {@code connection} ended: the first waiting call for the same peer and service takes its channel. */
    void finished(RxConnection connection) {
        if (closed) {
            return;
        }
        ServiceKey key = new ServiceKey(connection.peer, connection.serviceId);
        for (var it = waiting.iterator(); it.hasNext();) {
            RxClientCall next = it.next();
            if (next.future.isDone()) {
                it.remove();
                waitingFor.remove(next);
            } else if (key.equals(waitingFor.get(next))) {
                it.remove();
                waitingFor.remove(next);
                next.start(connection, connection.freeChannel());
                return;
            }
        }
    }

    /** Fails every call, started or waiting; no call starts after. */
    void failAll(IOException failure) {
        closed = true;
        for (RxConnection connection : List.copyOf(byCid.values())) {
            for (int i = 0; i < RxConnection.CHANNELS; i++) {
                RxClientCall call = connection.call(i);
                if (call != null) {
                    call.fail(failure);
                }
            }
        }
        for (RxClientCall call : waiting) {
            call.abandon(failure);
        }
        waiting.clear();
        waitingFor.clear();
    }
}
