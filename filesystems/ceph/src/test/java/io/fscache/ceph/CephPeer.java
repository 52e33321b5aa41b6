package io.fscache.ceph;

import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.contract.Peer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opentest4j.TestAbortedException;

/**
 * One directory of the test cluster's CephFS, {@code /<name>}, as the contract suites' {@link Peer}:
 * the client mounts {@code ceph://fscache@127.0.0.1:3300/cephfs/<name>} with the keyring as a
 * credentials file and a {@code timeout} of 10 s; the export is that directory through ceph-fuse.
 * Stopping the peer stops CephFS's servers, the MDS and the OSD (the monitor keeps running);
 * starting it starts them again and waits until the MDS is active and the data is clean.
 */
final class CephPeer implements Peer {

    private final String name;
    private CephCluster cluster;

    CephPeer(String name) {
        this.name = name;
    }

    CephCluster cluster() throws IOException {
        if (cluster == null) {
            cluster = CephCluster.get();
        }
        return cluster;
    }

    @Override
    public void start() throws IOException {
        cluster().start();
        Files.createDirectories(export());
    }

    @Override
    public void stop() throws IOException {
        cluster().stopServers();
    }

    @Override
    public Path export() {
        return cluster.fuse.resolve(name);
    }

    @Override
    public URI uri() {
        return NetfsUri.parse("ceph://" + CephCluster.CLIENT + "@" + cluster.monHost + "/" + CephCluster.FS + "/" + name);
    }

    @Override
    public Map<String, String> options(String... more) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("credentials", cluster.keyring.toString());
        options.put("timeout", "10s");
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        return options;
    }

    @Override
    public NetworkFilesystem newClient() {
        return new CephFilesystem();
    }

    @Override
    public long bytesRead(NetworkFilesystem client) {
        return ((CephFilesystem) client).stats().readBytes();
    }

    @Override
    public Names names() {
        return Names.BYTES;
    }

    /**
     * Nothing makes CephFS refuse a change to root: it has no immutable attribute, libcephfs lets
     * uid 0 pass its own permission checks, and MDS caps restricted to a uid (which would make the
     * MDS apply the mode bits) stop the client's max_size from growing, so writes beyond 4 MiB hang
     * (pacific). The test that needs this is aborted with that reason, never passed.
     */
    @Override
    public AutoCloseable deny(Path file) {
        throw new TestAbortedException("CephFS cannot make a file refuse root's changes (no immutable attribute, "
                + "and uid-restricted MDS caps hang writes beyond 4 MiB in pacific)");
    }
}
