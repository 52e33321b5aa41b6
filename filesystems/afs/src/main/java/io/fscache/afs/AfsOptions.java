package io.fscache.afs;

import io.fscache.netfs.MountOption;
import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.MountOptionValues;
import io.fscache.netfs.NetfsUri;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A session's settings, from an {@code afs://vlserver-host[:port]/volume[/path]} URI and the mount
 * options ({@link #SPEC}): the VL server to ask where the volume lives, the volume by name, the path
 * inside it where the mount's root is, and the cell that names the volume in the cache.
 */
record AfsOptions(String host, int port, String volume, String path, String cell, int rsize, int wsize, Duration timeout,
        int inFlight, Duration probe) {

    /** The VL server's port. */
    static final int DEFAULT_PORT = 7003;
    static final int MIN_IO = 4096;
    static final int MAX_IO = 4 << 20;

    static final MountOptionSpec SPEC = MountOptionSpec.of("afs",
            MountOption.string("cell", null, "the cell the volume belongs to (it names the volume in the cache); required"),
            MountOption.bytes("rsize", "1m", MIN_IO, MAX_IO, "the most bytes one FetchData64 call asks for"),
            MountOption.bytes("wsize", "1m", MIN_IO, MAX_IO, "the most bytes one StoreData64 call sends"),
            MountOption.duration("timeout", "30s", Duration.ofMillis(100), Duration.ofDays(1),
                    "how long a call waits for its whole reply before it fails"),
            MountOption.count("inflight", 8L, 1, 32, "calls in flight to the fileserver (four per Rx connection)"),
            MountOption.duration("probe", "60s", Duration.ofSeconds(1), Duration.ofHours(1),
                    "how often the fileserver is asked the time, so that a restart, which forgets our callbacks, is noticed"));

    static AfsOptions parse(URI uri, Map<String, String> options) {
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("an afs URI names the VL server: afs://vlserver-host[:port]/volume/path, not "
                    + NetfsUri.display(uri));
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("an afs URI names no user (this client is anonymous, rxnull): "
                    + NetfsUri.display(uri));
        }
        List<String> names = io.fscache.netfs.NetfsPaths.names(uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath());
        if (names.isEmpty()) {
            throw new IllegalArgumentException("an afs URI names a volume: afs://vlserver-host[:port]/volume/path, not "
                    + NetfsUri.display(uri));
        }
        String volume = names.get(0);
        if (volume.length() > 64) {
            throw new IllegalArgumentException("volume names are at most 64 characters: " + volume);
        }
        String path = "/" + String.join("/", names.subList(1, names.size()));
        MountOptionValues values = SPEC.parse(options);
        String cell = values.string("cell").orElseThrow(() -> new IllegalArgumentException(
                "an afs mount needs -o cell=<cell name> (the cache names each volume by its cell)"));
        if (cell.isBlank() || cell.length() > 64) {
            throw new IllegalArgumentException("cell=" + cell + ": a cell name is 1 to 64 characters");
        }
        return new AfsOptions(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), volume, path, cell,
                (int) values.bytes("rsize"), (int) values.bytes("wsize"), values.duration("timeout"), (int) values.count("inflight"),
                values.duration("probe"));
    }

    /** {@code host:port} of the VL server, as errors name it. */
    String vlServer() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
