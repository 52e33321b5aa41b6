package io.fscache.afs.internal;

import io.fscache.afs.AfsFilesystem;
import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetworkFilesystem;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers the AFS client as the {@link NetworkFilesystem} for {@code afs://} mounts. Its event
 * loops live as long as the component: deactivation shuts them down, failing any session still open.
 */
@Component(service = NetworkFilesystem.class, property = NetworkFilesystem.SCHEME_PROPERTY + "=" + AfsFilesystem.SCHEME)
public final class AfsFilesystemComponent implements NetworkFilesystem {

    private final AfsFilesystem filesystem = new AfsFilesystem();

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
