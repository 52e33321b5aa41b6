package io.fscache.afs;

import io.fscache.netfs.contract.NetfsSessionContract;
import io.fscache.netfs.contract.Peer;

/** The AFS session against the real OpenAFS cell: the contract every protocol passes ({@link AfsPeer}). */
class AfsSessionContractTest extends NetfsSessionContract {

    @Override
    protected Peer newPeer() {
        return new AfsPeer();
    }
}
