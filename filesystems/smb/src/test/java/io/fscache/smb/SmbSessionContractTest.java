package io.fscache.smb;

import io.fscache.netfs.contract.NetfsSessionContract;
import io.fscache.netfs.contract.Peer;

/** The SMB session against a real Samba: the contract every protocol passes. */
class SmbSessionContractTest extends NetfsSessionContract {

    @Override
    protected Peer newPeer() {
        return new SambaPeer("session-contract");
    }
}
