package io.fscache.ceph;

import io.fscache.netfs.contract.MountContract;
import io.fscache.netfs.contract.Peer;

/** The CephFS mount with a real cache against a real Ceph cluster: the contract every protocol passes. */
class CephMountContractTest extends MountContract {

    @Override
    protected Peer newPeer() {
        return new CephPeer("mount-contract");
    }
}
