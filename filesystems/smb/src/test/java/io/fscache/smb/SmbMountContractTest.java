package io.fscache.smb;

import io.fscache.netfs.contract.MountContract;
import io.fscache.netfs.contract.Peer;

/** An SMB mount with a real cache against a real Samba: the contract every protocol passes. */
class SmbMountContractTest extends MountContract {

    @Override
    protected Peer newPeer() {
        return new SambaPeer("mount-contract");
    }
}
