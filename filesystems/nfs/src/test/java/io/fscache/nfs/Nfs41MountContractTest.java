package io.fscache.nfs;

import io.fscache.netfs.contract.MountContract;
import io.fscache.netfs.contract.Peer;

/** The NFSv4.1 mount with a real cache against a real nfs-ganesha: the contract every protocol passes. */
class Nfs41MountContractTest extends MountContract {

    @Override
    protected Peer newPeer() {
        return GaneshaServer.v41("mount-contract-41");
    }
}
