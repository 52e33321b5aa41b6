package io.fscache.ninep;

import io.fscache.netfs.contract.NetfsSessionContract;
import io.fscache.netfs.contract.Peer;

/** The 9P session against a real diod: the contract every protocol passes. */
class NinePSessionContractTest extends NetfsSessionContract {

    @Override
    protected Peer newPeer() {
        return DiodServer.on("session-contract");
    }
}
