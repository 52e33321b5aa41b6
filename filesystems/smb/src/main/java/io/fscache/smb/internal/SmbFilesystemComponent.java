package io.fscache.smb.internal;

import io.fscache.netfs.NetworkFilesystem;
import io.fscache.smb.SmbFilesystem;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers the {@link SmbFilesystem} as the {@link NetworkFilesystem} for {@code netfs.scheme=smb}.
 * Deactivation unregisters it first (so mounts stop using it) and then closes its smbj clients.
 */
@Component(service = {}, immediate = true)
public final class SmbFilesystemComponent {

    private final SmbFilesystem filesystem = new SmbFilesystem();
    private final ServiceRegistration<NetworkFilesystem> registration;

    /** Creates the filesystem and registers it. */
    @Activate
    public SmbFilesystemComponent(BundleContext context) {
        this.registration = context.registerService(NetworkFilesystem.class, filesystem,
                FrameworkUtil.asDictionary(Map.of(NetworkFilesystem.SCHEME_PROPERTY, SmbFilesystem.SCHEME)));
    }

    @Deactivate
    private void deactivate() {
        registration.unregister();
        filesystem.close();
    }
}
