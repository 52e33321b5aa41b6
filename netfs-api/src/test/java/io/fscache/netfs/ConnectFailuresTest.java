package io.fscache.netfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class ConnectFailuresTest {

    // Broke as (a fresh user's try): "cannot connect to nfs server nosuchhost.invalid:2049: nosuchhost.invalid".
    @Test
    void aNameThatDoesNotResolveIsAnUnknownHost() {
        assertEquals("unknown host", ConnectFailures.reason(new UnknownHostException("nosuchhost.invalid")));
        assertEquals("unknown host", ConnectFailures.reason(new IOException("wrapped", new UnknownHostException("x"))));
    }

    @Test
    void nettysAddressIsLeftOutSinceTheErrorNamesTheServer() {
        assertEquals("connection refused", ConnectFailures.reason(new ConnectException("Connection refused: /127.0.0.1:2049")));
        assertEquals("connection timed out", ConnectFailures.reason(new ConnectException("Connection timed out")));
    }
}
