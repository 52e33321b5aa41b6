package io.fscache.ceph.internal;

import io.fscache.ceph.CephFilesystem;
import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetworkFilesystem;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Registers the CephFS client as the {@link NetworkFilesystem} for {@code ceph://} mounts. It
 * registers whether or not libcephfs is installed: without it, a mount fails naming the package.
 */
@Component(service = NetworkFilesystem.class, property = NetworkFilesystem.SCHEME_PROPERTY + "=" + CephFilesystem.SCHEME)
public final class CephFilesystemComponent implements NetworkFilesystem {

    private final CephFilesystem filesystem = new CephFilesystem();

    @Override
    public String scheme() {
        return filesystem.scheme();
    }

    @Override
    public MountOptionSpec options() {
        return filesystem.options();
    }

    @Override
    public NetfsSession connect(URI uri, Map<String, String> options) throws IOException {
        return filesystem.connect(uri, options);
    }
}
