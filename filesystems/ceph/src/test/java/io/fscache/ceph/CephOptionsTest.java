package io.fscache.ceph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.NetfsUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The URI, the options and the credentials file, as a user writes them (no cluster needed). */
class CephOptionsTest {

    private static final String KEY = "AQBXYw1r63SfERAAwGk28/S7HOFj5s7qv44ixw==";

    @TempDir
    Path dir;

    @Test
    void theUriNamesClientMonitorFilesystemAndPath() throws IOException {
        CephOptions options = parse("ceph://alice@10.0.0.1:6789/cephfs/projects/a/", Map.of());
        assertEquals("alice", options.clientId());
        assertEquals("10.0.0.1:6789", options.monHost());
        assertEquals("cephfs", options.fsName());
        assertEquals("/projects/a", options.path());

        CephOptions defaults = parse("ceph://mon/cephfs", Map.of());
        assertEquals("admin", defaults.clientId());
        assertEquals("mon", defaults.monHost());
        assertEquals("/", defaults.path());
        assertEquals(Duration.ofSeconds(30), defaults.timeout());
        assertEquals(8, defaults.readers());
        assertEquals(4 << 20, defaults.rsize());
        assertTrue(defaults.objectCacher(), "on: writes are buffered, and in-place rewrites by others are noticed");
    }

    @Test
    void aUriWithoutFilesystemOrWithAPasswordIsRefusedInOneLine() {
        IllegalArgumentException noFs = assertThrows(IllegalArgumentException.class, () -> parse("ceph://mon/", Map.of()));
        assertEquals("the ceph URI names no filesystem: ceph://[client-id@]mon-host[:port]/fs-name[/path], not ceph://mon/",
                noFs.getMessage());
        IllegalArgumentException password = assertThrows(IllegalArgumentException.class,
                () -> parse("ceph://admin:" + KEY + "@mon/cephfs", Map.of()));
        assertFalse(password.getMessage().contains(KEY), password.getMessage());
    }

    @Test
    void theKeyComesFromTheSecretOrAKeyringOrAKeyFile() throws IOException {
        assertEquals(Optional.of(KEY), parse("ceph://mon/fs", Map.of("secret", KEY)).key());
        Path keyring = Files.writeString(dir.resolve("keyring"),
                "[client.admin]\n\tkey = other==\n[client.alice]\n\tkey = " + KEY + "\n\tcaps mds = \"allow rw\"\n");
        assertEquals(Optional.of(KEY), parse("ceph://alice@mon/fs", Map.of("credentials", keyring.toString())).key());
        Path bare = Files.writeString(dir.resolve("secret"), KEY + "\n");
        assertEquals(Optional.of(KEY), parse("ceph://mon/fs", Map.of("credentials", bare.toString())).key());
        IOException none = assertThrows(IOException.class,
                () -> parse("ceph://bob@mon/fs", Map.of("credentials", keyring.toString())));
        assertEquals("the local credentials file " + keyring + " holds no key for client.bob", none.getMessage());
    }

    @Test
    void theKeyIsNeverShown() throws IOException {
        CephOptions options = parse("ceph://mon/fs", Map.of("secret", KEY));
        assertFalse(options.toString().contains(KEY), options.toString());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> parse("ceph://mon/fs", Map.of("secret", "")));
        assertFalse(bad.getMessage().contains(KEY));
    }

    @Test
    void anUnknownOptionNamesTheNearestOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("ceph://mon/fs", Map.of("reader", "4")));
        assertEquals("unknown option reader for ceph mounts: did you mean readers?", e.getMessage());
    }

    private static CephOptions parse(String uri, Map<String, String> options) throws IOException {
        return CephOptions.parse(NetfsUri.parse(uri), options);
    }
}
