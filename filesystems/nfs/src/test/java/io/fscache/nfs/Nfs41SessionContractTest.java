package io.fscache.nfs;

import io.fscache.netfs.contract.NetfsSessionContract;
import io.fscache.netfs.contract.Peer;

/** The NFSv4.1 session against a real nfs-ganesha: the contract every protocol passes. */
class Nfs41SessionContractTest extends NetfsSessionContract {

    @Override
    protected Peer newPeer() {
        return GaneshaServer.v41("session-contract-41");
    }
}
