package io.fscache.netfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MountOptionSpecTest {

    private static final MountOptionSpec ENGINE = MountOptionSpec.of("netfs",
            MountOption.bytes("readahead", "8m", 0, 1L << 30, "window"),
            MountOption.duration("racy.window", "2s", Duration.ZERO, Duration.ofHours(1), "racy"));
    private static final MountOptionSpec PROTOCOL = MountOptionSpec.of("smb",
            MountOption.duration("timeout", "60s", Duration.ofMillis(1), Duration.ofDays(1), "per request"),
            MountOption.count("pipeline", 64L, 1, 32768, "in flight"),
            MountOption.bool("sign", false, "signing"),
            MountOption.string("username", null, "user"),
            MountOption.secret("password", "password"));
    private static final MountOptionSpec MOUNT = ENGINE.and(PROTOCOL);

    @Test
    void aMisspeltOptionIsRefusedNamingTheNearestDeclaredOne() {
        // readahed=4m used to mount and do nothing.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MOUNT.parse(Map.of("readahed", "4m")));
        assertEquals("unknown option readahed for smb mounts: did you mean readahead?", e.getMessage());
    }

    @Test
    void anOptionNothingLikeAnyDeclaredOneListsThemAll() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PROTOCOL.parse(Map.of("bogus", "1")));
        assertEquals("unknown option bogus for smb mounts: the options are timeout, pipeline, sign, username, password",
                e.getMessage());
    }

    @Test
    void aFilesystemThatDeclaresNothingTakesNoOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MountOptionSpec.of("local").parse(Map.of("x", "1")));
        assertEquals("unknown option x for local mounts: local mounts take no options", e.getMessage());
    }

    @Test
    void durationsAreWrittenOneWayEverywhere() {
        // timeout=30s mounted 9P and failed on SMB, which took whole seconds only.
        assertEquals(Duration.ofSeconds(30), MOUNT.parse(Map.of("timeout", "30s")).duration("timeout"));
        assertEquals(Duration.ofSeconds(30), MOUNT.parse(Map.of("timeout", "30")).duration("timeout"));
        assertEquals(Duration.ofMillis(500), MOUNT.parse(Map.of("timeout", "500ms")).duration("timeout"));
        assertEquals(Duration.ofMinutes(2), MOUNT.parse(Map.of("timeout", "2m")).duration("timeout"));
        assertEquals(Duration.ofHours(1), MOUNT.parse(Map.of("racy.window", "1h")).duration("racy.window"));
        assertEquals(Duration.ofSeconds(60), MOUNT.parse(Map.of()).duration("timeout"));
    }

    @Test
    void badValuesAreRefusedInOneFormat() {
        assertRefused("timeout", "soon", "option timeout must be a duration such as 30s or 500ms (a bare number is seconds), not \"soon\"");
        assertRefused("timeout", "0", "option timeout must be between 1ms and 24h, not \"0\"");
        assertRefused("racy.window", "2h", "option racy.window must be between 0 and 1h, not \"2h\"");
        assertRefused("readahead", "2g", "option readahead must be between 0 and 1g, not \"2g\"");
        assertRefused("readahead", "lots", "option readahead must be a size such as 64k or 8m, not \"lots\"");
        assertRefused("pipeline", "0", "option pipeline must be between 1 and 32768, not \"0\"");
        assertRefused("pipeline", "-3", "option pipeline must be a whole number, not \"-3\"");
        assertRefused("sign", "maybe", "option sign must be true or false, not \"maybe\"");
        // A bare -o password was sent as an empty password, and the server was blamed.
        assertRefused("password", "", "option password must be given a value");
        assertRefused("username", "", "option username must be given a value");
        // Broke as (a fresh user's try): -o acdirmin said 'must be a duration ..., not "true"'.
        assertRefused("timeout", "", "option timeout must be given a value: a duration such as 30s or 500ms (a bare number is seconds)");
    }

    @Test
    void sizesTakeTheByteSizeSuffixes() {
        assertEquals(4L << 20, MOUNT.parse(Map.of("readahead", "4m")).bytes("readahead"));
        assertEquals(65536, MOUNT.parse(Map.of("readahead", "65536")).bytes("readahead"));
        assertEquals(8L << 20, MOUNT.parse(Map.of()).bytes("readahead"));
    }

    @Test
    void booleansTakeTheUsualWordsAndTheBareName() {
        for (String yes : new String[] {"true", "yes", "on", "1", "", "TRUE"}) {
            assertTrue(MOUNT.parse(Map.of("sign", yes)).bool("sign"), yes);
        }
        for (String no : new String[] {"false", "no", "off", "0"}) {
            assertFalse(MOUNT.parse(Map.of("sign", no)).bool("sign"), no);
        }
        assertFalse(MOUNT.parse(Map.of()).bool("sign"));
    }

    @Test
    void stringsWithoutDefaultAreEmptyUnlessGiven() {
        MountOptionValues none = MOUNT.parse(Map.of());
        assertEquals(Optional.empty(), none.string("username"));
        assertFalse(none.isGiven("username"));
        MountOptionValues alice = MOUNT.parse(Map.of("username", "alice", "password", "hunter2"));
        assertEquals(Optional.of("alice"), alice.string("username"));
        assertEquals(Optional.of("hunter2"), alice.secret("password"));
    }

    @Test
    void theEngineParsesItsOwnAndLeavesTheRestToTheProtocol() {
        MountOptionValues engine = ENGINE.parseDeclared(Map.of("readahead", "1m", "username", "alice"));
        assertEquals(1L << 20, engine.bytes("readahead"));
        assertThrows(IllegalArgumentException.class, () -> ENGINE.parseDeclared(Map.of("readahead", "x")));
    }

    @Test
    void aSecretIsNeverRepeatedInAMessage() {
        MountOptionSpec spec = MountOptionSpec.of("t", MountOption.secret("password", "p"));
        assertEquals(Optional.of(" spaced "), spec.parse(Map.of("password", " spaced ")).secret("password"));
    }

    @Test
    void declarationsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> MountOption.string("api.key", null, "a secret by its name"));
        assertThrows(IllegalArgumentException.class, () -> MountOption.secret("pin", "not a secret by its name"));
        assertThrows(IllegalArgumentException.class, () -> MountOption.string("Read-Ahead", null, "bad name"));
        assertThrows(IllegalArgumentException.class, () -> MountOption.bytes("x", "9g", 0, 1L << 30, "default out of range"));
        assertThrows(IllegalArgumentException.class, () -> ENGINE.and(ENGINE));
    }

    @Test
    void helpTablesShowDefaultsAndRangesAsUsersWriteThem() {
        MountOption timeout = PROTOCOL.option("timeout").orElseThrow();
        assertEquals(Optional.of("60s"), timeout.defaultText());
        assertEquals(Optional.of("1ms..24h"), timeout.rangeText());
        assertEquals(Optional.of("0..1g"), ENGINE.option("readahead").orElseThrow().rangeText());
        assertEquals(Optional.of("1..32768"), PROTOCOL.option("pipeline").orElseThrow().rangeText());
        assertEquals(Optional.empty(), PROTOCOL.option("sign").orElseThrow().rangeText());
    }

    @Test
    void readingAnUndeclaredOptionOrAnotherTypeIsAProgrammingError() {
        MountOptionValues values = MOUNT.parse(Map.of());
        assertThrows(IllegalStateException.class, () -> values.bytes("nosuch"));
        assertThrows(IllegalStateException.class, () -> values.bytes("timeout"));
        assertThrows(IllegalStateException.class, () -> values.duration("password"));
    }

    private static void assertRefused(String name, String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MOUNT.parse(Map.of(name, value)));
        assertEquals(message, e.getMessage());
    }
}
