package io.fscache.netfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void secretsAreRecognisedByName() {
        for (String name : List.of("password", "smb.Password", "secret", "client_secret", "key", "apikey", "token",
                "access-token")) {
            assertTrue(Secrets.isSecret(name), name);
        }
        assertFalse(Secrets.isSecret("uname"));
        assertEquals(Map.of("token", "***", "uname", "bob"), Secrets.hide(Map.of("token", "t", "uname", "bob")));
    }

    @Test
    void commandLinesKeepEverythingButTheSecrets() {
        assertEquals("netfs:mount -o password=*** -o api.token=*** -o uname=bob smb://alice:***@host/share x",
                Secrets.hideInText("netfs:mount -o password=hunter2 -o api.token=t0k -o uname=bob smb://alice:pw1@host/share x"));
        assertEquals("netfs:mount 9p://127.0.0.1:5640/srv data", Secrets.hideInText("netfs:mount 9p://127.0.0.1:5640/srv data"));
        // Broke as: a base64 key holds '/', and the whole key was shown.
        assertEquals("netfs:mount ceph://admin:***@127.0.0.1/cephfs c",
                Secrets.hideInText("netfs:mount ceph://admin:AQB/xyz+9==@127.0.0.1/cephfs c"));
    }

    // A URI that does not parse was quoted whole in the refusal, key and all.
    @Test
    void aUriThatDoesNotParseIsRefusedWithoutItsPassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetfsUri.parse("ceph://admin:AQB/xy^z==@127.0.0.1/cephfs"));
        assertFalse(e.getMessage().contains("AQB"), e.getMessage());
    }
}
