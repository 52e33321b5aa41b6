package io.fscache.ninep;

import io.fscache.netfs.contract.MountContract;
import io.fscache.netfs.contract.Peer;

/** A 9P mount with a real cache against a real diod: the contract every protocol passes. */
class NinePMountContractTest extends MountContract {

    @Override
    protected Peer newPeer() {
        return DiodServer.on("mount-contract");
    }
}
