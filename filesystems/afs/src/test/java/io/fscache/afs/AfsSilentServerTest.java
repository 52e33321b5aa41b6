package io.fscache.afs;

import io.fscache.netfs.contract.Peer;
import io.fscache.netfs.contract.SilentServerContract;
import java.io.IOException;

/**
 * {@link SilentServerContract} against the OpenAFS cell, its fileserver frozen: a get behind it
 * waited 91 s with a timeout of 30 s (6 s with 3 s in this test, before the engine's fix).
 */
class AfsSilentServerTest extends SilentServerContract {

    @Override
    protected Peer newPeer() {
        return new AfsPeer();
    }

    @Override
    protected AutoCloseable freeze() throws IOException {
        return OpenAfsCell.shared().freezeFileserver();
    }
}
