package io.fscache.nfs;

import io.fscache.netfs.IoLimits;
import io.fscache.netfs.MountOption;
import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.MountOptionValues;
import io.fscache.netfs.NetfsUri;
import io.fscache.nfs.rpc.AuthSys;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * A session's settings, from an {@code nfs://host[:port]/path} URI and the mount options
 * ({@link #SPEC}). The path is walked from the server's root with NFSv4.1, and is the export as the
 * server's MOUNT service knows it with NFSv3.
 */
record NfsOptions(String host, int port, String path, String vers, int rsize, int wsize, AuthSys auth, Duration timeout,
        int pipeline, int fileInFlight, Optional<Integer> mountPort, Duration acdirmin) {

    static final int DEFAULT_PORT = 2049;
    static final int MIN_IO = 4096;
    /** Linux's largest rsize and wsize. */
    static final int MAX_IO = 1 << 20;
    static final int MAX_PIPELINE = 1024;

    /** The options an NFS mount takes beside the engine's. */
    static final MountOptionSpec SPEC = MountOptionSpec.of("nfs",
            MountOption.string("vers", "4.1", "the NFS version: 4.1 or 3"),
            MountOption.bytes("rsize", "1m", MIN_IO, MAX_IO, "the largest READ asked for; the server's FSINFO rtmax lowers it"),
            MountOption.bytes("wsize", "1m", MIN_IO, MAX_IO, "the largest WRITE sent; the server's FSINFO wtmax lowers it"),
            MountOption.count("uid", 0L, 0, 0xFFFFFFFFL, "the user id sent in the AUTH_SYS credentials"),
            MountOption.count("gid", 0L, 0, 0xFFFFFFFFL, "the group id sent in the AUTH_SYS credentials"),
            MountOption.string("gids", null, "supplementary group ids sent in the AUTH_SYS credentials, ':'-separated, at most 16"),
            MountOption.duration("timeout", "30s", Duration.ofMillis(1), Duration.ofDays(1),
                    "how long a call waits for its reply before the connection is dropped and the call fails"),
            MountOption.count("pipeline", 64L, 1, MAX_PIPELINE, "calls in flight on the connection"),
            MountOption.count("file.inflight", 2L, 1, MAX_PIPELINE,
                    "READs and WRITEs in flight per open file (readahead, write-behind); raise it on a long round trip"),
            MountOption.count("mountport", null, 1, 0xFFFF, "the MOUNT service's port; by default asked of rpcbind on port 111"),
            MountOption.duration("acdirmin", "1s", Duration.ZERO, Duration.ofHours(1),
                    "NFSv3: how long a directory's handle, once looked up, serves the paths under it, so an open asks the"
                    + " server only of the file's own name; 0 looks up every name of every path"));

    static NfsOptions parse(URI uri, java.util.Map<String, String> options) {
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("an nfs URI names a server: nfs://host[:port]/path, not " + NetfsUri.display(uri));
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("an nfs URI names no user (AUTH_SYS sends numbers): write -o uid=<n>,gid=<n>, not "
                    + NetfsUri.display(uri));
        }
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        MountOptionValues values = SPEC.parse(options);
        String vers = values.string("vers").orElse("4.1");
        switch (vers) {
            case "3" -> {
            }
            case "4.1" -> {
            }
            case "4", "4.0", "4.2" -> throw new IllegalArgumentException("vers=" + vers
                    + ": this client speaks NFSv4.1 and NFSv3; mount with vers=4.1 or vers=3");
            default -> throw new IllegalArgumentException("vers=" + vers + ": NFS versions are 4.1 or 3");
        }
        AuthSys auth = new AuthSys(machine(), (int) values.count("uid"), (int) values.count("gid"),
                gids(values.string("gids").orElse("")));
        return new NfsOptions(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), path, vers,
                (int) values.bytes("rsize"), (int) values.bytes("wsize"), auth, values.duration("timeout"),
                (int) values.count("pipeline"), (int) values.count("file.inflight"),
                values.countIfGiven("mountport").map(Long::intValue), values.duration("acdirmin"));
    }

    private static int[] gids(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        if (parts.length > AuthSys.MAX_GIDS) {
            throw new IllegalArgumentException("gids=" + text + ": AUTH_SYS carries at most " + AuthSys.MAX_GIDS + " groups");
        }
        try {
            return Arrays.stream(parts).mapToLong(Long::parseLong).peek(gid -> {
                if (gid < 0 || gid > 0xFFFFFFFFL) {
                    throw new NumberFormatException();
                }
            }).mapToInt(gid -> (int) gid).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("gids=" + text + ": group ids are numbers from 0 to 4294967295, ':'-separated");
        }
    }

    /** The AUTH_SYS machine name: the host's name as the environment gives it, without a lookup. */
    private static String machine() {
        String name = System.getenv("HOSTNAME");
        return name == null || name.isBlank() || name.length() > 255 ? "fscache" : name;
    }

    /** {@code host:port}, as error messages and the volume key name the server. */
    String server() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The session's I/O limits: {@code rsize} and {@code wsize} lowered to the server's maxima (FSINFO's
     * rtmax/wtmax in v3, the maxread/maxwrite attributes in v4.1) when those are usable, and
     * {@code file.inflight} RPCs per file (at most the pipeline). The readahead suggested is one READ.
     * Both because against ganesha on a loaded two-core host each READ or WRITE more in flight per
     * file cost the server CPU the client needed: 38 ticks per GiB read with one READ in flight, 69 with
     * the engine's default readahead of eight, and a write-behind flush went from 178 to 250 MiB/s with
     * two WRITEs in flight instead of sixteen. A mount's {@code readahead} and {@code file.inflight} override them.
     */
    IoLimits limits(long serverMaxRead, long serverMaxWrite) {
        int read = fit(rsize, serverMaxRead);
        return new IoLimits(read, fit(wsize, serverMaxWrite), Math.min(pipeline, fileInFlight), read);
    }

    private static int fit(int asked, long serverMax) {
        return serverMax >= MIN_IO && serverMax < asked ? (int) serverMax : asked;
    }
}
