package io.fscache.ninep.internal;

import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.ninep.NinePFilesystem;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers the 9P client as the {@link NetworkFilesystem} for {@code 9p://} mounts. Its event
 * loops live as long as the component: deactivation shuts them down, failing any session still open.
 */
@Component(service = NetworkFilesystem.class, property = NetworkFilesystem.SCHEME_PROPERTY + "=" + NinePFilesystem.SCHEME)
public final class NinePFilesystemComponent implements NetworkFilesystem {

    private final NinePFilesystem filesystem = new NinePFilesystem();

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
