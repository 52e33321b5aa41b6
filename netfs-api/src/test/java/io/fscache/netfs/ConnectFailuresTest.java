package io.fscache.netfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
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

    // Broke as (a fresh user's try of Karaf's SSH port): "a record of 1397966893 bytes exceeds the limit", the bytes "SSH-".
    @Test
    void aTextGreetingIsShownUpToItsFirstLine() {
        assertEquals(Optional.of("SSH-2.0-OpenSSH_9.2p1"),
                ConnectFailures.textGreeting("SSH-2.0-OpenSSH_9.2p1\r\nmore".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.of("x".repeat(40)), ConnectFailures.textGreeting("x".repeat(100).getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), ConnectFailures.textGreeting(new byte[] {(byte) 0x80, 0, 0, 0x28, 1, 2}));
        assertEquals(Optional.empty(), ConnectFailures.textGreeting("SS".getBytes(StandardCharsets.US_ASCII)));
    }
}
