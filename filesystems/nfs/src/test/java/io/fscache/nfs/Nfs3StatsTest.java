package io.fscache.nfs;

import io.fscache.netfs.contract.Peer;
import io.fscache.netfs.contract.StatsContract;

/** The NFSv3 session's stats against a real nfs-ganesha: the contract every protocol passes. */
class Nfs3StatsTest extends StatsContract {

    @Override
    protected Peer newPeer() {
        return GaneshaServer.on("stats-3");
    }
}
