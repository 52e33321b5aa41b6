package io.fscache.nfs.internal;

import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.nfs.NfsFilesystem;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers the NFS client as the {@link NetworkFilesystem} for {@code nfs://} mounts. Its event
 * loops live as long as the component: deactivation shuts them down, failing any session still open.
 */
@Component(service = NetworkFilesystem.class, property = NetworkFilesystem.SCHEME_PROPERTY + "=" + NfsFilesystem.SCHEME)
public final class NfsFilesystemComponent implements NetworkFilesystem {

    private final NfsFilesystem filesystem = new NfsFilesystem();

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

    @Deactivate
    private void deactivate() {
        filesystem.close();
    }
}
