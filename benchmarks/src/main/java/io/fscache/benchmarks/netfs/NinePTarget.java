package io.fscache.benchmarks.netfs;

import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.ninep.NinePFilesystem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * 9P2000.L against a real diod (msize 64 KiB), compared with diod's own {@code diodcat} and
 * {@code diodls}. Port 0 starts it on a free port, which restarts keep.
 */
final class NinePTarget implements Target {

    private final Path peers;
    private int port;
    private Path state;

    NinePTarget(Path peers, int port) {
        this.peers = peers;
        this.port = port;
    }

    @Override
    public String name() {
        return "9P (diod, port " + port + ")";
    }

    @Override
    public String protocol() {
        return "9P";
    }

    @Override
    public void start(Path export, Path state) throws IOException {
        this.state = state;
        PeerProcess.script(peers, "diod.sh", state, "start", export.toString(), Integer.toString(port));
        port = PeerProcess.port(state, port);
    }

    @Override
    public NetworkFilesystem filesystem() {
        return new NinePFilesystem();
    }

    @Override
    public long serverBytesRead(NetworkFilesystem filesystem) {
        return ((NinePFilesystem) filesystem).stats().readBytes();
    }

    @Override
    public URI uri(Path export) {
        return NetfsUri.parse("9p://127.0.0.1:" + port + export);
    }

    @Override
    public Map<String, String> options() {
        return Map.of();
    }

    @Override
    public String toolName() {
        return "diodcat";
    }

    @Override
    public void toolRead(Path export, String file) throws IOException {
        PeerProcess.runDiscardingOutput("diodcat", "-s", "127.0.0.1:" + port, "-a", export.toString(), file);
    }

    @Override
    public String toolListName() {
        return "diodls -l";
    }

    @Override
    public void toolList(Path export, String dir) throws IOException {
        PeerProcess.runDiscardingOutput("diodls", "-s", "127.0.0.1:" + port, "-a", export.toString(), "-l", dir);
    }

    /** diod ships readers ({@code diodcat}, {@code diodls}) and a load generator, no client that writes. */
    @Override
    public void toolWrite(Path local, String file) {
        throw new UnsupportedOperationException("diod ships no client that writes");
    }

    @Override
    public void close() throws IOException {
        if (state != null) {
            PeerProcess.script(peers, "diod.sh", state, "stop");
        }
    }
}
