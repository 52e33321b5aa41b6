package io.fscache.afs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fscache.netfs.NetfsUri;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a user types: the URI's parts and the options, and a one-line refusal for each mistake. */
class AfsOptionsTest {

    @Test
    void theUriNamesTheVlServerTheVolumeAndAPathInIt() {
        AfsOptions options = AfsOptions.parse(NetfsUri.parse("afs://vl.example:7010/root.cell/home/alice"),
                Map.of("cell", "example.org", "rsize", "256k", "probe", "5s"));
        assertEquals("vl.example", options.host());
        assertEquals(7010, options.port());
        assertEquals("root.cell", options.volume());
        assertEquals("/home/alice", options.path());
        assertEquals("example.org", options.cell());
        assertEquals(256 << 10, options.rsize());
        assertEquals(1 << 20, options.wsize());
        assertEquals(Duration.ofSeconds(5), options.probe());
    }

    @Test
    void theVlServersPortIs7003AndTheMountsRootTheVolumesByDefault() {
        AfsOptions options = AfsOptions.parse(NetfsUri.parse("afs://127.1.0.1/root.cell"), Map.of("cell", "test.local"));
        assertEquals(7003, options.port());
        assertEquals("/", options.path());
    }

    @Test
    void mistakesAreRefusedInOneLineNamingWhatIsWrong() {
        assertEquals("an afs mount needs -o cell=<cell name> (the cache names each volume by its cell)",
                refusal("afs://127.1.0.1/root.cell", Map.of()));
        assertEquals("an afs URI names a volume: afs://vlserver-host[:port]/volume/path, not afs://127.1.0.1/",
                refusal("afs://127.1.0.1/", Map.of("cell", "c")));
        assertEquals("an afs URI names no user (this client is anonymous, rxnull): afs://alice@127.1.0.1/root.cell",
                refusal("afs://alice@127.1.0.1/root.cell", Map.of("cell", "c")));
    }

    private static String refusal(String uri, Map<String, String> options) {
        return assertThrows(IllegalArgumentException.class, () -> AfsOptions.parse(NetfsUri.parse(uri), options)).getMessage();
    }
}
