package io.fscache.itests;

import io.fscache.itests.bundle.LocalFilesystemActivator;
import io.fscache.netfs.lib.LocalNetworkFilesystem;
import java.io.InputStream;
import org.ops4j.pax.tinybundles.InnerClassStrategy;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;

/**
 * Builds the test-only bundle that serves the {@code local} scheme from a directory: netfs-lib's
 * test filesystem (from its test jar) and an activator that registers it.
 */
public final class TestFilesystemBundle {

    private TestFilesystemBundle() {
    }

    public static InputStream build() {
        return TinyBundles.bundle()
                .symbolicName("io.fscache.itests.local-filesystem")
                .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                .setHeader(Constants.BUNDLE_VERSION, "1.0.0")
                .setHeader(Constants.IMPORT_PACKAGE, "io.fscache.netfs;version=\"[1.0,2)\",org.osgi.framework")
                .activator(LocalFilesystemActivator.class)
                .addClass(LocalFilesystemActivator.class)
                .addClass(LocalNetworkFilesystem.class, InnerClassStrategy.ALL)
                .build(TinyBundles.rawBuilder());
    }
}
