package io.fscache.smb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing {@code smb://} mounts: user, domain, port, options and credentials files; secrets stay hidden. */
class SmbMountOptionsTest {

    @TempDir
    Path dir;

    @Test
    void domainUserHostAndDefaultPort() throws IOException {
        SmbMountOptions mount = SmbMountOptions.parse(NetfsUri.parse("smb://CORP;alice@Files.Example/Data"),
                Map.of("password", "s3cret"));
        assertEquals("files.example", mount.host());
        assertEquals(445, mount.port());
        assertEquals("Data", mount.share());
        assertEquals("CORP", mount.credentials().domain());
        assertEquals("alice", mount.credentials().user());
        assertArrayEquals("s3cret".toCharArray(), mount.credentials().password());
        assertEquals("smb,files.example,Data", mount.volumeKey());
        assertFalse(mount.signingRequired());
        assertFalse(mount.encrypt());
        assertEquals(Duration.ofSeconds(60), mount.timeout());
    }

    @Test
    void portSigningSealAndTimeout() throws IOException {
        SmbMountOptions mount = SmbMountOptions.parse(NetfsUri.parse("smb://bob@127.0.0.1:4446/share"),
                Map.of("password", "pw", "sign", "true", "encrypt", "yes", "timeout", "7"));
        assertEquals("smb,127.0.0.1:4446,share", mount.volumeKey());
        assertTrue(mount.signingRequired());
        assertTrue(mount.encrypt());
        assertEquals(Duration.ofSeconds(7), mount.timeout());
        assertTrue(SmbMountOptions.parse(NetfsUri.parse("smb://bob@h/s"), Map.of("password", "pw", "seal", "true"))
                .encrypt());
    }

    @Test
    void aCredentialsFileGivesUserPasswordAndDomain() throws IOException {
        Path file = dir.resolve("creds");
        Files.writeString(file, "# mount.cifs style\nusername=carol\npassword= p=w with spaces \ndomain=LAB\n");
        SmbMountOptions mount = SmbMountOptions.parse(NetfsUri.parse("smb://server/share"),
                Map.of("credentials", file.toString()));
        assertEquals("carol", mount.credentials().user());
        assertEquals("LAB", mount.credentials().domain());
        assertArrayEquals("p=w with spaces".toCharArray(), mount.credentials().password());

        SmbMountOptions overridden = SmbMountOptions.parse(NetfsUri.parse("smb://dave@server/share"),
                Map.of("credentials", file.toString(), "password", "given"));
        assertEquals("dave", overridden.credentials().user(), "the URI's user wins");
        assertArrayEquals("given".toCharArray(), overridden.credentials().password(), "the option wins");
    }

    @Test
    void secretsAppearInNoStringOrMessage() throws IOException {
        SmbMountOptions mount = SmbMountOptions.parse(NetfsUri.parse("smb://CORP;alice:uri-secret@host/share"),
                Map.of("password", "option-secret"));
        assertArrayEquals("option-secret".toCharArray(), mount.credentials().password());
        for (String shown : new String[] {mount.toString(), mount.credentials().toString()}) {
            assertFalse(shown.contains("secret"), shown);
            assertTrue(shown.contains("CORP\\alice"), shown);
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> SmbMountOptions.parse(
                NetfsUri.parse("smb://alice:uri-secret@host/a/b"), Map.of("password", "option-secret")));
        assertFalse(bad.getMessage().contains("secret"), bad.getMessage());
        IllegalArgumentException badOption = assertThrows(IllegalArgumentException.class, () -> SmbMountOptions
                .parse(NetfsUri.parse("smb://alice@host/share"), Map.of("password", "option-secret", "seal", "maybe")));
        assertFalse(badOption.getMessage().contains("secret"), badOption.getMessage());
    }

    @Test
    void malformedMountsSayWhatIsWrong() {
        assertThrows(IllegalArgumentException.class,
                () -> SmbMountOptions.parse(NetfsUri.parse("smb://alice@host/"), Map.of("password", "x")));
        assertThrows(IllegalArgumentException.class,
                () -> SmbMountOptions.parse(NetfsUri.parse("nfs://alice@host/share"), Map.of("password", "x")));
        IllegalArgumentException noPassword = assertThrows(IllegalArgumentException.class,
                () -> SmbMountOptions.parse(NetfsUri.parse("smb://alice@host/share"), Map.of()));
        assertTrue(noPassword.getMessage().contains("no password for alice@host"), noPassword.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SmbMountOptions.parse(
                NetfsUri.parse("smb://alice@host/share"), Map.of("password", "x", "timeout", "0")));
    }

    @Test
    void timeoutsAreDurationsAsForEveryProtocol() throws IOException {
        // timeout=30s mounted 9P and failed on SMB, which took whole seconds only.
        assertEquals(Duration.ofSeconds(30), SmbMountOptions.parse(NetfsUri.parse("smb://alice@host/share"),
                Map.of("password", "x", "timeout", "30s")).timeout());
        assertEquals(Duration.ofMillis(500), SmbMountOptions.parse(NetfsUri.parse("smb://alice@host/share"),
                Map.of("password", "x", "timeout", "500ms")).timeout());
    }

    @Test
    void anOptionThisClientDoesNotDeclareIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SmbMountOptions.parse(
                NetfsUri.parse("smb://alice@host/share"), Map.of("password", "x", "sing", "true")));
        assertEquals("unknown option sing for smb mounts: did you mean sign?", e.getMessage());
    }

    @Test
    void theVolumeKeyIsEncodedLikeEveryProtocols() throws Exception {
        assertEquals("smb,host:4445,share", SmbMountOptions.parse(NetfsUri.parse("smb://alice@host:4445/share"),
                Map.of("password", "x")).volumeKey());
        assertEquals("smb,host,my%20share%2Cx", SmbMountOptions.parse(NetfsUri.parse("smb://alice@host/my%20share,x"),
                Map.of("password", "x")).volumeKey());
    }

    @Test
    void aCredentialsFileThatIsNoneIsRefusedUnread() {
        // credentials=/dev/zero was read with readAllLines: an endless line, until the heap ran out.
        IOException e = assertThrows(IOException.class, () -> SmbMountOptions.parse(NetfsUri.parse("smb://alice@host/share"),
                Map.of("credentials", "/dev/zero")));
        assertEquals("the local credentials file /dev/zero is larger than 64 KiB: not a credentials file", e.getMessage());
    }
}
