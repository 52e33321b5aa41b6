package io.fscache.ninep;

import static org.awaitility.Awaitility.await;

import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.contract.Peer;
import io.fscache.netfs.contract.ScriptPeer;
import io.fscache.netfs.contract.Shell;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A real diod started with {@code tools/peers/diod.sh} ({@link ScriptPeer}), exporting
 * {@code target/diod-<name>/export}: the 9P {@link Peer} of the contract suites.
 */
final class DiodServer extends ScriptPeer {

    private DiodServer(Path base) {
        super("diod.sh", base.resolve("export"), base.resolve("state"));
    }

    /** A diod exporting {@code target/diod-<name>/export}, on a port picked when it first starts. */
    static DiodServer on(String name) {
        return new DiodServer(Path.of("target", "diod-" + name));
    }

    @Override
    protected String missing() {
        return Files.isExecutable(Path.of("/usr/sbin/diod")) || Files.isExecutable(Path.of("/usr/bin/diod")) ? null
                : "diod (the 9P2000.L server these tests talk to) is not installed: run "
                        + "'bash tools/peers/diod.sh start <dir>' once as root, or 'apt-get install diod'";
    }

    /** Stops diod answering (SIGSTOP) until the handle is closed; see {@link ScriptPeer#freeze(String)}. */
    AutoCloseable freeze() throws IOException {
        return freeze("diod.pid");
    }

    /** The mount URI: {@code 9p://127.0.0.1:<port>/<export's canonical path>} (diod matches the aname literally). */
    @Override
    public URI uri() {
        try {
            return NetfsUri.parse("9p://127.0.0.1:" + port() + export().toRealPath());
        } catch (IOException e) {
            throw new IllegalStateException("the export " + export() + " is gone", e);
        }
    }

    @Override
    public Map<String, String> options(String... more) {
        return options(Map.of(), more);
    }

    @Override
    public NetworkFilesystem newClient() {
        return new NinePFilesystem(2);
    }

    @Override
    public long bytesRead(NetworkFilesystem client) {
        return ((NinePFilesystem) client).stats().readBytes();
    }

    @Override
    public Names names() {
        return Names.BYTES;
    }

    /** The names in a directory of the export as the server's filesystem holds them: bytes, in hex. */
    Set<String> rawNames(String dir) throws IOException {
        return Shell.rawNames(export().resolve(dir));
    }

    /** diod's log: it reports "connection closed with N unclunked fids" when a client leaves fids behind. */
    String log() throws IOException {
        return log("diod.log");
    }

    /**
     * Waits until diod has closed every client connection. diod logs a connection's unclunked fids
     * before it closes the connection's socket, so after this {@link #log()} holds that line.
     */
    void awaitConnectionsClosed() {
        String port = String.format(":%04X ", port());
        // Server side of a connection: local port ours, state ESTABLISHED (01) or CLOSE_WAIT (08).
        await("diod closes its client connections on port " + port()).atMost(Duration.ofSeconds(30))
                .until(() -> Files.readAllLines(Path.of("/proc/net/tcp")).stream().skip(1)
                        .map(line -> line.trim().split("\\s+"))
                        .noneMatch(f -> (f[1] + " ").endsWith(port) && (f[3].equals("01") || f[3].equals("08"))));
    }
}
