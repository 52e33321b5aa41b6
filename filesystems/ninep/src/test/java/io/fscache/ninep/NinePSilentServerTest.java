package io.fscache.ninep;

import io.fscache.netfs.contract.Peer;
import io.fscache.netfs.contract.SilentServerContract;
import java.io.IOException;

/** {@link SilentServerContract} over 9P2000.L against a real diod. */
class NinePSilentServerTest extends SilentServerContract {

    @Override
    protected Peer newPeer() {
        return DiodServer.on("silent");
    }

    @Override
    protected AutoCloseable freeze() throws IOException {
        return ((DiodServer) peer).freeze();
    }
}
