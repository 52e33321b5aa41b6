package io.fscache.nfs;

import io.fscache.netfs.contract.NetfsSessionContract;
import io.fscache.netfs.contract.Peer;

/** The NFSv3 session against a real nfs-ganesha: the contract every protocol passes. */
class Nfs3SessionContractTest extends NetfsSessionContract {

    @Override
    protected Peer newPeer() {
        return GaneshaServer.on("session-contract");
    }
}
