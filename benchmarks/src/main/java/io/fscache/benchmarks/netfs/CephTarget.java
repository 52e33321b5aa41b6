package io.fscache.benchmarks.netfs;

import io.fscache.ceph.CephFilesystem;
import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.NetworkFilesystem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * CephFS: a single-node Ceph 16 started with {@code ceph.sh} (its fixed ports 3300, 6789 and
 * 6800-6999), the export directory being CephFS itself, mounted there with {@code ceph-fuse}. The
 * anchor is a second {@code ceph-fuse} mount of the same filesystem ({@code <state>/fuse}), so its
 * caches are its own: before each read the kernel's page cache of the file is dropped
 * ({@code dd iflag=nocache}), and a 256 MiB file read in order overruns its 200 MiB object cacher.
 */
final class CephTarget implements Target {

    private final Path peers;
    private Path state;
    private Path tool;

    CephTarget(Path peers) {
        this.peers = peers;
    }

    @Override
    public String name() {
        return "CephFS (Ceph 16, port 3300)";
    }

    @Override
    public String protocol() {
        return "CephFS";
    }

    @Override
    public void start(Path export, Path state) throws IOException {
        this.state = state;
        this.tool = state.resolve("fuse");
        PeerProcess.script(peers, "ceph.sh", state, "start", state.toString());
        PeerProcess.script(peers, "ceph.sh", state, "mount", state.toString(), export.toString());
        PeerProcess.script(peers, "ceph.sh", state, "mount", state.toString(), tool.toString());
    }

    @Override
    public NetworkFilesystem filesystem() {
        return new CephFilesystem();
    }

    @Override
    public long serverBytesRead(NetworkFilesystem filesystem) {
        return ((CephFilesystem) filesystem).stats().readBytes();
    }

    @Override
    public URI uri(Path export) {
        return NetfsUri.parse("ceph://admin@127.0.0.1:3300/cephfs");
    }

    @Override
    public Map<String, String> options() {
        return Map.of("credentials", state.resolve("ceph.client.admin.keyring").toString());
    }

    @Override
    public String toolName() {
        return "ceph-fuse";
    }

    @Override
    public void toolRead(Path export, String file) throws IOException {
        String path = tool.resolve(file).toString();
        PeerProcess.runDiscardingOutput("dd", "if=" + path, "iflag=nocache", "count=0", "status=none");
        PeerProcess.runDiscardingOutput("dd", "if=" + path, "of=/dev/null", "bs=4M", "status=none");
    }

    @Override
    public String toolListName() {
        return "ls -l (ceph-fuse)";
    }

    @Override
    public void toolList(Path export, String dir) throws IOException {
        PeerProcess.runDiscardingOutput("ls", "-l", tool.resolve(dir).toString());
    }

    @Override
    public String toolWriteName() {
        return "ceph-fuse (dd conv=fsync)";
    }

    @Override
    public void toolWrite(Path local, String file) throws IOException {
        PeerProcess.runDiscardingOutput("dd", "if=" + local, "of=" + tool.resolve(file), "bs=4M", "conv=fsync", "status=none");
    }

    /** Stops the cluster; {@code ceph.sh stop} unmounts both ceph-fuse mounts first. */
    @Override
    public void close() throws IOException {
        if (state != null) {
            PeerProcess.script(peers, "ceph.sh", state, "stop", state.toString());
        }
    }
}
