package io.fscache.itests.bundle;

import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.lib.LocalNetworkFilesystem;
import java.nio.file.Path;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Activator of the test-only bundle that serves scheme {@code local} from the directory named by
 * the {@value #SERVER_ROOT} framework property: the directory-backed filesystem of netfs-lib's
 * tests, never shipped.
 */
public class LocalFilesystemActivator implements BundleActivator {

    public static final String SERVER_ROOT = "fscache.itest.server";

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(NetworkFilesystem.SCHEME_PROPERTY, LocalNetworkFilesystem.SCHEME);
        context.registerService(NetworkFilesystem.class,
                new LocalNetworkFilesystem(Path.of(context.getProperty(SERVER_ROOT))), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // The framework unregisters the service.
    }
}
