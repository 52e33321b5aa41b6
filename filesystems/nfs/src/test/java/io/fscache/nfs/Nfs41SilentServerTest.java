package io.fscache.nfs;

import io.fscache.netfs.contract.Peer;
import io.fscache.netfs.contract.SilentServerContract;
import java.io.IOException;

/** {@link SilentServerContract} over NFSv4.1 against a real nfs-ganesha. */
class Nfs41SilentServerTest extends SilentServerContract {

    @Override
    protected Peer newPeer() {
        return GaneshaServer.v41("silent-41");
    }

    @Override
    protected AutoCloseable freeze() throws IOException {
        return ((GaneshaServer) peer).freeze();
    }
}
