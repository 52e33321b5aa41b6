package io.fscache.nfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fscache.netfs.IoLimits;
import io.fscache.netfs.NetfsUri;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NfsOptionsTest {

    private static NfsOptions parse(String uri, Map<String, String> options) {
        return NfsOptions.parse(NetfsUri.parse(uri), options);
    }

    private static String refusal(String uri, Map<String, String> options) {
        return assertThrows(IllegalArgumentException.class, () -> parse(uri, options)).getMessage();
    }

    @Test
    void defaults() {
        NfsOptions options = parse("nfs://server/srv/data", Map.of());
        assertEquals("server", options.host());
        assertEquals(2049, options.port());
        assertEquals("/srv/data", options.path());
        assertEquals("4.1", options.vers());
        assertEquals(1 << 20, options.rsize());
        assertEquals(1 << 20, options.wsize());
        assertEquals(0, options.auth().uid());
        assertEquals(0, options.auth().gid());
        assertEquals(0, options.auth().gids().length);
        assertEquals(Duration.ofSeconds(30), options.timeout());
        assertEquals(64, options.pipeline());
        assertEquals(Optional.empty(), options.mountPort());
        assertEquals("/", parse("nfs://server", Map.of()).path());
    }

    @Test
    void optionsAreReadWithTheSharedSyntax() {
        NfsOptions options = parse("nfs://h:5900/x", Map.of("vers", "3", "rsize", "64k", "wsize", "32k", "uid", "1000",
                "gid", "100", "gids", "4:27:4294967295", "timeout", "250ms", "pipeline", "8", "mountport", "5901"));
        assertEquals(5900, options.port());
        assertEquals(65536, options.rsize());
        assertEquals(32768, options.wsize());
        assertEquals(1000, options.auth().uid());
        assertEquals(100, options.auth().gid());
        assertArrayEquals(new int[] {4, 27, -1}, options.auth().gids());
        assertEquals(Duration.ofMillis(250), options.timeout());
        assertEquals(8, options.pipeline());
        assertEquals(Optional.of(5901), options.mountPort());
    }

    @Test
    void aFileHasTwoCallsInFlightAndReadsOneReadAheadAndTheServersMaximaLowerTheSizes() {
        NfsOptions options = parse("nfs://h/x", Map.of("rsize", "512k"));
        assertEquals(new IoLimits(512 * 1024, 1 << 20, 2, 512 * 1024), options.limits(1 << 20, 1 << 20));
        assertEquals(new IoLimits(256 * 1024, 64 * 1024, 2, 256 * 1024), options.limits(256 * 1024, 64 * 1024),
                "FSINFO's rtmax lowers the readahead with the READ size");
        assertEquals(8, parse("nfs://h/x", Map.of("file.inflight", "8")).limits(1 << 20, 1 << 20).maxInFlight());
        assertEquals(4, parse("nfs://h/x", Map.of("file.inflight", "8", "pipeline", "4")).limits(1 << 20, 1 << 20).maxInFlight(),
                "never more per file than on the connection");
    }

    @Test
    void versionsAre3And41() {
        assertEquals("4.1", parse("nfs://h/x", Map.of("vers", "4.1")).vers());
        assertEquals("3", parse("nfs://h/x", Map.of("vers", "3")).vers());
        assertEquals("vers=4.0: this client speaks NFSv4.1 and NFSv3; mount with vers=4.1 or vers=3",
                refusal("nfs://h/x", Map.of("vers", "4.0")));
        assertEquals("vers=2: NFS versions are 4.1 or 3", refusal("nfs://h/x", Map.of("vers", "2")));
    }

    @Test
    void badValuesAreRefusedInOneLine() {
        assertEquals("gids=a: group ids are numbers from 0 to 4294967295, ':'-separated", refusal("nfs://h/x", Map.of("gids", "a")));
        assertEquals("gids=1:2:3:4:5:6:7:8:9:10:11:12:13:14:15:16:17: AUTH_SYS carries at most 16 groups",
                refusal("nfs://h/x", Map.of("gids", "1:2:3:4:5:6:7:8:9:10:11:12:13:14:15:16:17")));
        assertEquals("an nfs URI names no user (AUTH_SYS sends numbers): write -o uid=<n>,gid=<n>, not nfs://alice@h/x",
                refusal("nfs://alice@h/x", Map.of()));
        assertEquals("unknown option rsiz for nfs mounts: did you mean rsize?", refusal("nfs://h/x", Map.of("rsiz", "1m")));
    }
}
