package io.fscache.afs;

import io.fscache.netfs.contract.MountContract;
import io.fscache.netfs.contract.Peer;

/** An AFS mount with a real cache against the real OpenAFS cell: the contract every protocol passes ({@link AfsPeer}). */
class AfsMountContractTest extends MountContract {

    @Override
    protected Peer newPeer() {
        return new AfsPeer();
    }
}
