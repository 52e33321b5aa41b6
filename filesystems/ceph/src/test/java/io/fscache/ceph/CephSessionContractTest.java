package io.fscache.ceph;

import io.fscache.netfs.contract.NetfsSessionContract;
import io.fscache.netfs.contract.Peer;

/** The CephFS session against a real Ceph cluster: the contract every protocol passes. */
class CephSessionContractTest extends NetfsSessionContract {

    @Override
    protected Peer newPeer() {
        return new CephPeer("session-contract");
    }
}
