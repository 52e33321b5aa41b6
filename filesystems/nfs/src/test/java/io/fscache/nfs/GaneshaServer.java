package io.fscache.nfs;

import static org.awaitility.Awaitility.await;

import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.contract.Peer;
import io.fscache.netfs.contract.ScriptPeer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A real nfs-ganesha (FSAL VFS) started with {@code tools/peers/ganesha.sh} ({@link ScriptPeer}) on
 * a free port, MOUNT on the next one, exporting {@code target/ganesha-<name>/export}: the NFS
 * {@link Peer} of the contract suites. It needs rpcbind, which the script starts when none runs.
 */
final class GaneshaServer extends ScriptPeer {

    private final Map<String, String> defaults;
    /** The path a client mounts: the export's own for NFSv3's MOUNT, null for it; the pseudo path for NFSv4. */
    private final String pseudo;
    private Instant started = Instant.EPOCH;

    private GaneshaServer(Path base, Map<String, String> defaults, String pseudo) {
        super("ganesha.sh", base.resolve("export"), base.resolve("state"));
        this.defaults = defaults;
        this.pseudo = pseudo;
    }

    /** A ganesha exporting {@code target/ganesha-<name>/export}, mounted with vers=3. */
    static GaneshaServer on(String name) {
        return new GaneshaServer(Path.of("target", "ganesha-" + name), Map.of("vers", "3"), null);
    }

    /** A ganesha exporting {@code target/ganesha-<name>/export}, mounted with vers=4.1 at its pseudo path {@code /export}. */
    static GaneshaServer v41(String name) {
        return new GaneshaServer(Path.of("target", "ganesha-" + name), Map.of("vers", "4.1"), "/export");
    }

    @Override
    protected String missing() {
        return Files.isExecutable(Path.of("/usr/bin/ganesha.nfsd")) ? null
                : "nfs-ganesha (the NFS server these tests talk to) is not installed: run 'bash tools/peers/ganesha.sh "
                        + "start <dir>' once as root, or 'apt-get install nfs-ganesha nfs-ganesha-vfs rpcbind'";
    }

    @Override
    protected void checkPort(int candidate) throws IOException {
        if (candidate >= 0xFFFF) {
            throw new IOException("port " + candidate + " leaves no room for MOUNT on the next one");
        }
    }

    @Override
    protected void started() {
        started = Instant.now();
    }

    /**
     * Stops and starts ganesha so that it counts as a new boot: ganesha's write verifier is its boot
     * time in seconds, so a start within the second of the last one would keep the verifier.
     */
    void restart() throws IOException {
        stop();
        long last = started.getEpochSecond();
        await("a second after ganesha's last start").atMost(Duration.ofSeconds(5))
                .until(() -> Instant.now().getEpochSecond() > last);
        start();
    }

    /**
     * The mount URI: {@code nfs://127.0.0.1:<port>/<export's canonical path>} for NFSv3 (the MOUNT
     * path is the export's), {@code nfs://127.0.0.1:<port>/export} for NFSv4 (ganesha's pseudo path).
     */
    @Override
    public URI uri() {
        if (pseudo != null) {
            return NetfsUri.parse("nfs://127.0.0.1:" + port() + pseudo);
        }
        try {
            return NetfsUri.parse("nfs://127.0.0.1:" + port() + export().toRealPath());
        } catch (IOException e) {
            throw new IllegalStateException("the export " + export() + " is gone", e);
        }
    }

    /**
     * The mount options, with {@code more} as name, value pairs. NFSv3's name this server's MOUNT
     * port (its port + 1): rpcbind answers for every NFS server of the host, and a developer's own
     * (or a second ganesha) would answer for this one. {@link #rpcbindOptions} leave it out.
     */
    @Override
    public Map<String, String> options(String... more) {
        Map<String, String> options = rpcbindOptions(more);
        if (pseudo == null) {
            options.putIfAbsent("mountport", Integer.toString(port() + 1));
        }
        return options;
    }

    /** The mount options without a MOUNT port: NFSv3 asks rpcbind for it. */
    Map<String, String> rpcbindOptions(String... more) {
        return options(defaults, more);
    }

    @Override
    public NetworkFilesystem newClient() {
        return new NfsFilesystem(2);
    }

    @Override
    public long bytesRead(NetworkFilesystem client) {
        return ((NfsFilesystem) client).stats().readBytes();
    }

    @Override
    public Names names() {
        return Names.BYTES;
    }

    /** Stops ganesha answering (SIGSTOP) until the handle is closed; see {@link ScriptPeer#freeze(String)}. */
    AutoCloseable freeze() throws IOException {
        return freeze("ganesha.pid");
    }

    /** ganesha's log. */
    String log() throws IOException {
        return log("ganesha.log");
    }
}
