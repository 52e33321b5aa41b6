package io.fscache.netfs.lib.internal;

import io.fscache.api.FsCache;
import io.fscache.netfs.Mounts;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.lib.NetfsMounts;
import java.lang.System.Logger.Level;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The netfs engine as the {@link Mounts} service: every {@link NetworkFilesystem} service is
 * available for mounts under its {@value NetworkFilesystem#SCHEME_PROPERTY} service property while
 * it is registered; when one goes away, the mounts made through it are unmounted. Deactivation
 * unmounts everything (flushing written data) before the FS-Cache service can go.
 */
@Component(service = Mounts.class)
public final class MountsComponent extends NetfsMounts {

    private static final System.Logger LOG = System.getLogger(MountsComponent.class.getName());

    @Activate
    public MountsComponent(@Reference(name = "fsCache") FsCache fsCache) {
        super(fsCache);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindFilesystem(NetworkFilesystem filesystem, Map<String, Object> properties) {
        String scheme = scheme(properties);
        if (scheme == null) {
            LOG.log(Level.ERROR, "Network filesystem " + filesystem.getClass().getName() + " has no "
                    + NetworkFilesystem.SCHEME_PROPERTY + " service property; it cannot be mounted");
            return;
        }
        addFilesystem(scheme, filesystem);
    }

    void unbindFilesystem(NetworkFilesystem filesystem, Map<String, Object> properties) {
        String scheme = scheme(properties);
        if (scheme != null) {
            removeFilesystem(scheme, filesystem);
        }
    }

    @Deactivate
    private void deactivate() {
        close();
    }

    static String scheme(Map<String, Object> properties) {
        Object scheme = properties.get(NetworkFilesystem.SCHEME_PROPERTY);
        if (scheme instanceof String[] schemes) {
            scheme = schemes.length == 0 ? null : schemes[0];
        }
        return scheme == null || scheme.toString().isBlank() ? null : scheme.toString().trim();
    }
}
