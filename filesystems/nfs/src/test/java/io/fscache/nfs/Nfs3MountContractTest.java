package io.fscache.nfs;

import io.fscache.netfs.contract.MountContract;
import io.fscache.netfs.contract.Peer;

/** The NFSv3 mount with a real cache against a real nfs-ganesha: the contract every protocol passes. */
class Nfs3MountContractTest extends MountContract {

    @Override
    protected Peer newPeer() {
        return GaneshaServer.on("mount-contract");
    }
}
