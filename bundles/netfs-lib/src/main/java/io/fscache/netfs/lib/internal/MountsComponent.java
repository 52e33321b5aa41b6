package io.fscache.netfs.lib.internal;

import io.fscache.api.FsCache;
import io.fscache.netfs.MountInfo;
import io.fscache.netfs.Mounts;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.lib.NetfsMounts;
import io.fscache.netfs.lib.NetfsMountsJmx;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
 *
 * <p>The mounts kept in configurations ({@link ConfiguredMount}) register here: {@link #mounts()}
 * lists those not up yet with their state, and a filesystem coming or going tells them.
 *
 * <p>While active it registers the {@link io.fscache.netfs.lib.NetfsMountsMXBean} (each mount's protocol
 * statistics), as the core registers its own MBean.
 */
@Component(service = Mounts.class)
public final class MountsComponent extends NetfsMounts {

    private static final System.Logger LOG = System.getLogger(MountsComponent.class.getName());

    private final List<ConfiguredMount> configured = new CopyOnWriteArrayList<>();
    private final AutoCloseable jmx;

    @Activate
    public MountsComponent(@Reference(name = "fsCache") FsCache fsCache) {
        super(fsCache);
        this.jmx = registerJmx(this);
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
        configured.forEach(mount -> mount.filesystemArrived(scheme));
    }

    void unbindFilesystem(NetworkFilesystem filesystem, Map<String, Object> properties) {
        String scheme = scheme(properties);
        if (scheme != null) {
            removeFilesystem(scheme, filesystem);
            configured.forEach(mount -> mount.filesystemLeft(scheme));
        }
    }

    /** The live mounts, then the configured ones that are not up (retrying or failed). */
    @Override
    public List<MountInfo> mounts() {
        List<MountInfo> all = new ArrayList<>(super.mounts());
        configured.forEach(mount -> mount.pending().ifPresent(all::add));
        return all;
    }

    void keep(ConfiguredMount mount) {
        configured.add(mount);
    }

    void forget(ConfiguredMount mount) {
        configured.remove(mount);
    }

    @Deactivate
    private void deactivate() {
        try {
            jmx.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Unregistering the mounts' MBean failed: " + e);
        }
        close();
    }

    private static AutoCloseable registerJmx(Mounts mounts) {
        try {
            return NetfsMountsJmx.register(mounts);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Mounts' MBean not registered: " + e);
            return () -> { };
        }
    }

    static String scheme(Map<String, Object> properties) {
        Object scheme = properties.get(NetworkFilesystem.SCHEME_PROPERTY);
        if (scheme instanceof String[] schemes) {
            scheme = schemes.length == 0 ? null : schemes[0];
        }
        return scheme == null || scheme.toString().isBlank() ? null : scheme.toString().trim();
    }
}
