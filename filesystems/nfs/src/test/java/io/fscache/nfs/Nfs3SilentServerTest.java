package io.fscache.nfs;

import io.fscache.netfs.contract.Peer;
import io.fscache.netfs.contract.SilentServerContract;
import java.io.IOException;

/** {@link SilentServerContract} over NFSv3 against a real nfs-ganesha. */
class Nfs3SilentServerTest extends SilentServerContract {

    @Override
    protected Peer newPeer() {
        return GaneshaServer.on("silent-3");
    }

    @Override
    protected AutoCloseable freeze() throws IOException {
        return ((GaneshaServer) peer).freeze();
    }
}
