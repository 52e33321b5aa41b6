package io.fscache.ninep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.NetfsUri;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NinePOptionsTest {

    @Test
    void defaults() {
        NinePOptions options = NinePOptions.parse(NetfsUri.parse("9p://server/srv/data"), Map.of());
        assertEquals("server", options.host());
        assertEquals(564, options.port());
        assertEquals("/srv/data", options.aname());
        assertEquals(TMessage.NONUNAME, options.nUname());
        assertEquals(65536, options.msize());
        assertEquals(64, options.pipeline());
        assertEquals(Duration.ofSeconds(30), options.timeout());
    }

    @Test
    void optionsAreReadWithTheSharedSyntax() {
        NinePOptions options = NinePOptions.parse(NetfsUri.parse("9p://h:5640/x"),
                Map.of("uname", "alice", "msize", "16k", "pipeline", "8", "n_uname", "1000", "timeout", "250ms"));
        assertEquals("alice", options.uname());
        assertEquals(1000, options.nUname());
        assertEquals(16384, options.msize());
        assertEquals(8, options.pipeline());
        assertEquals(Duration.ofMillis(250), options.timeout());
        assertEquals(Duration.ofSeconds(5), NinePOptions.parse(NetfsUri.parse("9p://h/x"), Map.of("timeout", "5s")).timeout());
        assertEquals(Duration.ofSeconds(5), NinePOptions.parse(NetfsUri.parse("9p://h/x"), Map.of("timeout", "5")).timeout());
    }

    @Test
    void anOptionThisClientDoesNotDeclareIsRefused() {
        // msize_=1m and the engine's own options passed through to connect were silently ignored.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NinePOptions.parse(NetfsUri.parse("9p://h/x"), Map.of("msiz", "1m")));
        assertEquals("unknown option msiz for 9p mounts: did you mean msize?", e.getMessage());
    }

    // 9p://alice@h/x was accepted and attached as the JVM's user: the URI's user is the uname.
    @Test
    void theUrisUserIsTheUname() {
        assertEquals("alice", NinePOptions.parse(NetfsUri.parse("9p://alice@h:5640/x"), Map.of()).uname());
        assertEquals("bob", NinePOptions.parse(NetfsUri.parse("9p://alice@h:5640/x"), Map.of("uname", "bob")).uname());
    }

    // 9p://alice:pw@h/x was accepted and the password silently ignored: 9P has none, so it is refused.
    @Test
    void aPasswordInTheUriIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NinePOptions.parse(NetfsUri.parse("9p://alice:secret@h:5640/x"), Map.of()));
        assertEquals("a 9p URI carries no password (9P attaches by user name alone): write 9p://alice@h:5640/x", e.getMessage());
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        for (Map<String, String> bad : List.of(Map.of("msize", "100"), Map.of("pipeline", "0"),
                Map.of("pipeline", "many"), Map.of("timeout", "0"), Map.of("n_uname", "-1"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NinePOptions.parse(NetfsUri.parse("9p://h/x"), bad));
            assertTrue(e.getMessage().contains(bad.keySet().iterator().next()), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> NinePOptions.parse(NetfsUri.parse("9p:///x"), Map.of()));
    }

    @Test
    void theVolumeKeyIsPrintableWithoutSlashes() {
        assertEquals("9p,127.0.0.1:5640,%2Ftmp%2Fexport",
                NinePOptions.parse(NetfsUri.parse("9p://127.0.0.1:5640/tmp/export"), Map.of()).volumeKey());
        assertEquals("9p,h:564,%2Fa%2Cb%25c%20d%C3%A9",
                NinePOptions.parse(NetfsUri.parse("9p://h/a,b%25c%20d%C3%A9"), Map.of()).volumeKey());
        String longKey = NinePOptions.parse(NetfsUri.parse("9p://h/" + "x".repeat(400)), Map.of()).volumeKey();
        assertEquals(254, longKey.length());
        assertTrue(longKey.matches("9p,h:564,%2Fx+#[0-9a-f]{64}"), longKey);
    }

    // Issue 12's kind: an export path that is not UTF-8 was read from the URI as U+FFFD, so caf%E9 and
    // caf%EF%BF%BD attached the same export and shared one volume key.
    @Test
    void anExportPathThatIsNotUtf8KeepsItsBytes() {
        NinePOptions latin1 = NinePOptions.parse(NetfsUri.parse("9p://h/srv/caf%E9"), Map.of());
        NinePOptions replacement = NinePOptions.parse(NetfsUri.parse("9p://h/srv/caf%EF%BF%BD"), Map.of());
        assertEquals("/srv/caf\uDCE9", latin1.aname());
        assertEquals("/srv/caf\uFFFD", replacement.aname());
        assertEquals("9p,h:564,%2Fsrv%2Fcaf%E9", latin1.volumeKey());
        assertEquals("9p,h:564,%2Fsrv%2Fcaf%EF%BF%BD", replacement.volumeKey());
        assertEquals("/srv/d\u00e9j\u00e0", NinePOptions.parse(NetfsUri.parse("9p://h/srv/d\u00e9j%C3%A0"), Map.of()).aname());
    }
}
