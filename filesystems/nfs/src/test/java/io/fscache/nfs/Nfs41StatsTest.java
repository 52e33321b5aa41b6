package io.fscache.nfs;

import io.fscache.netfs.contract.Peer;
import io.fscache.netfs.contract.StatsContract;

/** The NFSv4.1 session's stats against a real nfs-ganesha: the contract every protocol passes. */
class Nfs41StatsTest extends StatsContract {

    @Override
    protected Peer newPeer() {
        return GaneshaServer.v41("stats-41");
    }
}
