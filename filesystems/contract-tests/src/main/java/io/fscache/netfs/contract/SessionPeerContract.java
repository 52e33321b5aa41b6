package io.fscache.netfs.contract;

import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetworkFilesystem;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A {@link PeerContract} whose every test has a new client with one session to the peer, closed after it. */
abstract class SessionPeerContract extends PeerContract {

    protected NetworkFilesystem client;
    protected NetfsSession session;

    @BeforeEach
    final void connect() throws IOException {
        client = peer.newClient();
        session = client.connect(peer.uri(), peer.options());
    }

    @AfterEach
    final void disconnect() throws Exception {
        session.close();
        close(client);
    }
}
